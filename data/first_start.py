"""The dashboard's first-start build of the demo store, in a process of its own (pages/startup.py):
`python -m data.first_start --store DIR --first-start`, the arguments of `python -m data.demo`.

The readers' fork server is started before the demo's builders are imported: its imports (~0.7 s)
then run on the other core while this process imports pandas and the importer (~1 s), instead of
after them, when the build asks for its first file (5.1 s for the build instead of 5.7 s, median
of three on this machine). Hence the imports in this order, in the script block and not at the top.
"""

if __name__ == "__main__":
    from loaders.bounded import start_reader_server

    start_reader_server()

    from data.demo import main

    main()
