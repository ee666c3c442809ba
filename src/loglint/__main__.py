from loglint.cli import main

main()
