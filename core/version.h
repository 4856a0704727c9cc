#ifndef VERSION_H
#define VERSION_H

#include <stdio.h>

#define ECREDIT_VERSION "0.1.0"

/* One line per library in use: name and run-time version. */
void print_library_versions(FILE *out);

#endif
