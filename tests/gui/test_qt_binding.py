"""Guards against a broken Qt binding: a long document emits many thousands of signals."""
from __future__ import annotations

import subprocess
import sys

SCRIPT = """
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Source(QObject):
    progressed = Signal(int, object)

app = QCoreApplication([])
source = Source()
seen = []
source.progressed.connect(lambda n, info: seen.append(n))
for n in range(50_000):
    source.progressed.emit(n, {"page": n, "of": 50_000})
print(len(seen))
"""


def test_fifty_thousand_signals_do_not_abort_python():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-400:]
    assert proc.stdout.strip() == "50000"
