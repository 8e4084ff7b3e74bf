// placeholder: the module's sources land here (issue 3)
