print("pga-dump")
