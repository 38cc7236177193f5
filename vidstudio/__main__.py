from vidstudio.cli import main

raise SystemExit(main())
