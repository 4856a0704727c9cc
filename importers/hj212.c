#include "core/common.h"
#include "importers/hj212.h"

/*
 * Appendix A: reg = (reg >> 8) ^ byte, then eight reflected shifts with
 * polynomial 0xA001. The eight shifts depend only on the low byte of the
 * register after the xor, so they are a table lookup on it.
 */
static uint16_t crc_table[256];

static void crc_table_init(void)
{
	for (unsigned int b = 0; b < 256; b++) {
		unsigned int reg = b;

		for (int j = 0; j < 8; j++)
			reg = (reg & 1) ? (reg >> 1) ^ 0xa001 : reg >> 1;
		crc_table[b] = (uint16_t)reg;
	}
}

uint16_t hj212_crc(const void *data, size_t len)
{
	const unsigned char *p = data;
	unsigned int reg = 0xffff;

	if (!crc_table[1])
		crc_table_init();
	for (size_t i = 0; i < len; i++) {
		reg = (reg >> 8) ^ p[i];
		/* high byte is zero here, so the shifts act on reg & 0xff only */
		reg = crc_table[reg & 0xff] ^ (reg >> 8);
	}
	return (uint16_t)reg;
}

uint16_t hj212_crc_modbus(const void *data, size_t len)
{
	const unsigned char *p = data;
	unsigned int reg = 0xffff;

	for (size_t i = 0; i < len; i++) {
		reg ^= p[i];
		for (int j = 0; j < 8; j++) {
			unsigned int carry = reg & 1;

			reg >>= 1;
			if (carry)
				reg ^= 0xa001;
		}
	}
	return (uint16_t)reg;
}
