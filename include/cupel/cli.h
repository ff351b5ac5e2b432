/* cli.h - the command-line front end. */
#ifndef CUPEL_CLI_H
#define CUPEL_CLI_H

/* Run cupel with the given arguments; returns the process exit status
 * (0 ok, 1 findings or graph errors, 2 usage or load errors). */
int cli_main(int argc, char **argv);

#endif
