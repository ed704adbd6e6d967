#ifndef PGA_CFUZZDRIVER_H
#define PGA_CFUZZDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver, for executables whose `main` SwiftPM renames.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
