#include "core/common.h"
#include "importers/hj212.h"

uint16_t hj212_crc(const void *data, size_t len)
{
	const unsigned char *p = data;
	unsigned int reg = 0xffff;

	for (size_t i = 0; i < len; i++) {
		reg = (reg >> 8) ^ p[i];
		for (int j = 0; j < 8; j++) {
			unsigned int carry = reg & 1;

			reg >>= 1;
			if (carry)
				reg ^= 0xa001;
		}
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
