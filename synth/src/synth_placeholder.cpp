// placeholder until synth lands
