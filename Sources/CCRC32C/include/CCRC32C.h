#ifndef PGA_CCRC32C_H
#define PGA_CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Returns 1 when the CPU has a CRC-32C instruction this library can use (SSE 4.2 on x86-64,
/// the CRC extension on AArch64), 0 otherwise.
int pga_crc32c_hardware_available(void);

/// Extends `crc` (the running, already inverted CRC-32C state) over `length` bytes using the
/// CPU's CRC-32C instruction. Only call it when `pga_crc32c_hardware_available()` returned 1.
uint32_t pga_crc32c_hardware_update(uint32_t crc, const void *data, size_t length);

#endif
