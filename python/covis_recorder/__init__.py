"""Coroutine Visualizer's recorder for Python: `python3 -m covis_recorder app.py args…`.

Records every coroutine and generator of the user's files (one lane each) and the turns of
asyncio's event loop into the trace format of the Node recorder (docs/protocol.md), so that
`covis summary`, `covis lanes`, `covis view` and the extension read it unchanged. Standard
library only; see docs/python.md.
"""

# Print why recording stopped, if it does (COVIS_OPTIONS {"verbose": true}).
VERBOSE = False
