def analyze_reflowed(doc, ticker):
    return []
