/* main.c - argv to a cli command. */
#include "cupel/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
