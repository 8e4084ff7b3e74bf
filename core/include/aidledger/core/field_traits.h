// What shape a field listed by VisitFields has, for every visitor of records (validation, the
// JSON codecs, CSV/HXL tables, XLSX, the OpenAPI schema), so that they all agree on it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "aidledger/core/records.h"

namespace aidledger {

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

template <class T>
struct IsStatusEntry : std::false_type {};
template <class S>
struct IsStatusEntry<StatusEntry<S>> : std::true_type {};

// Structs nested inside records that have their own VisitFields list.
template <class T>
concept NestedFields = std::is_same_v<T, ItemLine> || std::is_same_v<T, Certificate> ||
    std::is_same_v<T, ProviderScope> || IsStatusEntry<T>::value;

// A field may be absent (unknown, empty, false) when its type can say "nothing": optional,
// list, map or flag. Every other field is required.
template <class T>
constexpr bool kMayBeAbsent =
    IsOptional<T>::value || IsVector<T>::value || std::is_same_v<T, bool> ||
    std::is_same_v<T, std::map<std::string, std::string>>;

}  // namespace aidledger
