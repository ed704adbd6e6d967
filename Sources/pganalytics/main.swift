print("pganalytics")
