"""Building: the stages run over every document (in parallel, cached, under limits), and the
result published whole."""
