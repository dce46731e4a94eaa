from covis_recorder.entry import main

main()
