// The figure engine (SPEC.md "Time" and "Figures"), in layers under core/figures/:
//   metrics.h  the metric catalogue, one constexpr table;
//   facts.h    FigureFacts, the per-record facts the engine reads, built from a view;
//   query.h    FigureQuery and Figure;
//   answer.h   FigureAnswer and the query that computes it.
// This header includes them all.
#pragma once

#include "aidledger/core/figures/answer.h"
#include "aidledger/core/figures/facts.h"
#include "aidledger/core/figures/metrics.h"
#include "aidledger/core/figures/query.h"
