from induction_analysis.cli import main

raise SystemExit(main())
