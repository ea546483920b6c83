// GNU readline needs <stdio.h> first: its headers use FILE without including it.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
