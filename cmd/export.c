#include "core/common.h"
#include "cmd/cli.h"

int cmd_export(int argc, char **argv, struct cli *cli)
{
	(void)argc;
	(void)argv;
	(void)cli;
	fputs("ecredit: error: 'export' is not built yet\n", stderr);
	return 70;
}
