#include "core/common.h"
#include "cmd/cli.h"

int cmd_override(int argc, char **argv, struct cli *cli)
{
	(void)argc;
	(void)argv;
	(void)cli;
	fputs("ecredit: error: 'override' is not built yet\n", stderr);
	return 70;
}
