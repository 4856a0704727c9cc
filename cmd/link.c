#include "core/common.h"
#include "cmd/cli.h"

int cmd_link(int argc, char **argv, struct cli *cli)
{
	(void)argc;
	(void)argv;
	(void)cli;
	fputs("ecredit: error: 'link' is not built yet\n", stderr);
	return 70;
}
