from ptmkg.cli import main

main()
