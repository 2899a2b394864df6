"""Early identification: attendance, grades and behaviour per student and semester, the rules
that turn them into explained flags, and the worklists built on those flags."""
