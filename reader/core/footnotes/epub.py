def analyze_epub(doc, ticker):
    return []
