from warledger.cli import main

main()
