#ifndef HJ212_H
#define HJ212_H

#include <stddef.h>
#include <stdint.h>

/*
 * HJ 212 packets (HJ 212-2017; 2005 and 2025 traffic where readable).
 * Owned by importers/; the synthetic city generator uses the CRC too.
 */

/* HJ 212-2017 Appendix A CRC over the data segment ("123456789" -> 0x2F80). */
uint16_t hj212_crc(const void *data, size_t len);
/* CRC-16/MODBUS, which some devices send instead ("123456789" -> 0x4B37). */
uint16_t hj212_crc_modbus(const void *data, size_t len);

#endif
