/*
 * hj212-frame: the bare framing + CRC pass over an HJ 212 packet log, the
 * second reference for `make bench`'s monitoring import (scripts/bench.sh
 * compiles it with `cc -O2`). Standalone on purpose: no project code.
 *
 *   hj212-frame [FILE]        (standard input without FILE; for a .gz log
 *                              the bench pipes `gzip -dc FILE |` into it)
 *
 * Streams the log, splits it into lines (LF, CRLF or CR alone), skips
 * blank ones, and for every other line checks the framing: "##" (after an
 * optional receive stamp), 4 decimal digits of length, a data segment of
 * exactly that many bytes, 4 hex digits of CRC; then computes the CRC of
 * the data segment as HJ 212-2017 Appendix A defines it (reflected
 * polynomial 0xA001, register 0xFFFF, each byte XORed into the register's
 * HIGH byte, then eight shift rounds) and compares it. Packets whose CRC
 * is CRC-16/MODBUS or Appendix A with its two bytes swapped are counted
 * apart (ecredit quarantines them unless monitoring.accept_crc says so).
 *
 * Prints one line:
 *   read N framed N crc_ok N crc_modbus N crc_swapped N bad N
 */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 10240 /* longer lines are bad, as in the importer */
#define CHUNK (1 << 20)

static uint16_t tab[256];

static void crc_init(void)
{
	for (unsigned i = 0; i < 256; i++) {
		unsigned r = i;

		for (int k = 0; k < 8; k++)
			r = (r & 1) ? (r >> 1) ^ 0xA001 : r >> 1;
		tab[i] = (uint16_t)r;
	}
}

/* Appendix A: reg = (reg >> 8) ^ byte, then eight rounds = one lookup. */
static uint16_t crc_hj212(const unsigned char *p, size_t n)
{
	unsigned reg = 0xffff;

	for (size_t i = 0; i < n; i++)
		reg = tab[(reg >> 8) ^ p[i]];
	return (uint16_t)reg;
}

/* CRC-16/MODBUS: the byte goes into the low half. */
static uint16_t crc_modbus(const unsigned char *p, size_t n)
{
	unsigned reg = 0xffff;

	for (size_t i = 0; i < n; i++)
		reg = (reg >> 8) ^ tab[(reg ^ p[i]) & 0xff];
	return (uint16_t)reg;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static long long n_read, n_framed, n_ok, n_modbus, n_swapped, n_bad;

static void packet(const char *line, size_t len)
{
	const unsigned char *hh, *rest, *seg;
	size_t rlen, seglen, i;
	unsigned crc = 0;
	uint16_t calc;

	for (i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			break;
	if (i == len)
		return; /* blank: not a record */
	n_read++;
	if (len > MAX_LINE)
		goto bad;
	hh = memmem(line, len, "##", 2);
	if (!hh)
		goto bad;
	rest = hh + 2;
	rlen = len - (size_t)((const char *)rest - line);
	if (rlen < 8)
		goto bad;
	for (i = 0; i < 4; i++)
		if (rest[i] < '0' || rest[i] > '9')
			goto bad;
	seg = rest + 4;
	seglen = rlen - 8;
	if (seglen != (size_t)((rest[0] - '0') * 1000 + (rest[1] - '0') * 100 +
			       (rest[2] - '0') * 10 + (rest[3] - '0')))
		goto bad;
	for (i = 0; i < 4; i++) {
		int h = hexval(seg[seglen + i]);

		if (h < 0)
			goto bad;
		crc = crc << 4 | (unsigned)h;
	}
	n_framed++;
	calc = crc_hj212(seg, seglen);
	if (crc == calc)
		n_ok++;
	else if (crc == crc_modbus(seg, seglen))
		n_modbus++;
	else if (crc == (uint16_t)(calc << 8 | calc >> 8))
		n_swapped++;
	else
		goto bad;
	return;
bad:
	n_bad++;
}

int main(int argc, char **argv)
{
	FILE *in = stdin;
	char *buf;
	size_t cap = CHUNK + MAX_LINE + 1, start = 0, end = 0, r;
	int eof = 0;

	if (argc > 2 || (argc == 2 && !(in = fopen(argv[1], "rb")))) {
		fprintf(stderr, "usage: hj212-frame [FILE]\n");
		return 2;
	}
	crc_init();
	buf = malloc(cap);
	if (!buf)
		return 2;
	while (!eof) {
		if (start) {
			memmove(buf, buf + start, end - start);
			end -= start;
			start = 0;
		}
		if (end == cap) {
			/* a line longer than the buffer: count it, skip it */
			packet(buf, end);
			end = 0;
			while ((r = fread(buf, 1, cap, in)) > 0) {
				char *nl = memchr(buf, '\n', r);

				if (nl) {
					start = (size_t)(nl - buf) + 1;
					end = r;
					break;
				}
			}
			if (!r)
				break;
		}
		r = fread(buf + end, 1, cap - end, in);
		if (r == 0)
			eof = 1;
		end += r;
		for (;;) {
			char *s = buf + start, *nl, *cr;
			size_t avail = end - start;

			nl = memchr(s, '\n', avail);
			cr = memchr(s, '\r', nl ? (size_t)(nl - s) : avail);
			if (cr) {
				if (cr + 1 < s + avail) {
					if (cr[1] == '\n')
						nl = cr + 1;
					else
						nl = cr;
					packet(s, (size_t)(cr - s));
					start += (size_t)(nl - s) + 1;
					continue;
				}
				if (!eof)
					break; /* its LF, if any, comes next */
				packet(s, (size_t)(cr - s));
				start = end;
				break;
			}
			if (nl) {
				packet(s, (size_t)(nl - s));
				start += (size_t)(nl - s) + 1;
				continue;
			}
			if (eof && avail) {
				packet(s, avail);
				start = end;
			}
			break;
		}
	}
	if (ferror(in)) {
		perror("hj212-frame: read");
		return 1;
	}
	printf("read %lld framed %lld crc_ok %lld crc_modbus %lld crc_swapped %lld bad %lld\n",
	       n_read, n_framed, n_ok, n_modbus, n_swapped, n_bad);
	free(buf);
	return 0;
}
