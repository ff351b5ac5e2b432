/* cli.c - command dispatch. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "cupel/cli.h"

int cli_main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("cupel %s\n", PACKAGE_VERSION);
		return 0;
	}
	fprintf(stderr, "cupel: no command given\n");
	return 2;
}
