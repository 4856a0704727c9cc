#ifndef HJ212_H
#define HJ212_H

#include <stddef.h>
#include <stdint.h>

/*
 * HJ 212 packets (HJ 212-2017; 2005 and 2025 traffic where readable).
 * Owned by importers/; the synthetic city generator uses the CRC too.
 *
 * A logged line is
 *     [receive stamp] "##" LLLL <data segment> CCCC [CR] LF
 * where LLLL is the decimal byte length of the data segment and CCCC its
 * CRC in hex (either case). The data segment is
 *     QN=..;ST=..;CN=..;PW=..;MN=..;Flag=..;[PNUM=..;PNO=..;]CP=&&...&&
 * and the CP data area holds ';'-separated groups of ','-separated
 * "code-Suffix=value" or "Key=value" fields (DataTime among them).
 *
 * The parser is zero-copy: every struct hj212_str points into the caller's
 * line, which must outlive the packet. Nothing here allocates, except the
 * split-packet joiner, which copies the parts it holds (bounded).
 */

/* HJ 212-2017 Appendix A CRC over the data segment ("123456789" -> 0x2F80). */
uint16_t hj212_crc(const void *data, size_t len);
/* CRC-16/MODBUS, which some devices send instead ("123456789" -> 0x4B37). */
uint16_t hj212_crc_modbus(const void *data, size_t len);

struct hj212_str {
	const char *p;
	size_t n;
};

/* Which CRC the packet carries. */
enum hj212_crc_kind {
	HJ212_CRC_OK = 0,      /* Appendix A, as the standard says */
	HJ212_CRC_MODBUS,      /* CRC-16/MODBUS */
	HJ212_CRC_SWAPPED,     /* Appendix A with its two bytes swapped */
	HJ212_CRC_BAD,         /* none of these */
};
/* "modbus", "swapped" (the names of monitoring.accept_crc), or NULL. */
const char *hj212_crc_kind_name(enum hj212_crc_kind k);

/* Largest line the parser accepts (stamp + framing + 9999-byte segment). */
#define HJ212_MAX_LINE 10240
#define HJ212_MAX_STAMP 128
#define HJ212_MAX_MN 32
#define HJ212_MAX_PNUM 64

struct hj212_packet {
	struct hj212_str stamp;  /* text before "##", trimmed; may be empty */
	struct hj212_str segment;/* the data segment */
	unsigned length;         /* the LLLL field */
	uint16_t crc_sent, crc_calc;
	enum hj212_crc_kind crc;
	struct hj212_str qn, st, cn, pw, mn, flag, pnum, pno;
	int has_flag;            /* Flag= present */
	unsigned flag_value;     /* 0 when absent */
	unsigned version;        /* Flag bits 2-7: 0 = 2005, 1 = 2017, 8 = 2025 */
	int split;               /* Flag bit 1: PNUM/PNO carry the part */
	unsigned pnum_value, pno_value;
	struct hj212_str cp;     /* between "CP=&&" and the final "&&" */
	struct hj212_str datatime; /* first DataTime= in CP, or empty */
	unsigned tolerated;      /* HJ212_TOL_* bits: variants read anyway */
};

/*
 * Variants whose meaning is unambiguous, read anyway and counted as
 * warnings by kind (docs/importers-monitoring.md, "Tolerated variants").
 */
#define HJ212_TOL_DATATIME_MS 1u  /* 17-digit DataTime: milliseconds dropped */
#define HJ212_TOL_FLAG_VERSION 2u /* Flag version bits not 0, 1 or 8 */
#define HJ212_TOL_CP_SPACE 4u     /* blanks around CP fields */


/* Why a line is not a packet: the field at fault and the reason (both
 * static strings, except detail which is filled when useful). */
struct hj212_error {
	const char *field;  /* "LLLL", "CRC", "MN", ... or NULL */
	const char *reason;
	char detail[96];    /* reason with figures, when set; else "" */
};

/*
 * Parse one line (without or with its trailing CR/LF). 0 on success, -1
 * with e filled otherwise. A CRC that is not Appendix A is NOT an error
 * here: p->crc says which one it is and the caller decides. Checks: frame,
 * length, CRC hex, header fields (MN, CN present and well formed, Flag a
 * number 0-255, PNUM/PNO when split), CP framing, DataTime form when
 * present. A Flag version other than 0, 1 or 8 is read as 2017 and marked
 * in p->tolerated, as is a 17-digit DataTime.
 */
int hj212_parse(const char *line, size_t len, struct hj212_packet *p,
		struct hj212_error *e);

/* Field suffixes of the CP data area. */
enum hj212_suffix {
	HJ212_SUF_NONE = 0, /* "Key=value" without a suffix (DataTime, ...) */
	HJ212_SUF_RTD, HJ212_SUF_MIN, HJ212_SUF_AVG, HJ212_SUF_MAX,
	HJ212_SUF_COU, HJ212_SUF_ZSRTD, HJ212_SUF_ZSMIN, HJ212_SUF_ZSAVG,
	HJ212_SUF_ZSMAX, HJ212_SUF_FLAG,
	HJ212_SUF_OTHER,    /* a suffix we do not store (-EFlag, -SampleTime) */
};
const char *hj212_suffix_name(enum hj212_suffix s);

struct hj212_field {
	struct hj212_str code;   /* "a21026", or the key when SUF_NONE */
	struct hj212_str suffix; /* "Avg", or empty */
	enum hj212_suffix suf;
	struct hj212_str value;
	int blanks;              /* blanks around it were dropped */
};

/* Iterate the CP fields: it = cp at start; returns 1 with f filled, 0 at
 * the end, -1 on a field without '=' (e->reason filled). */
int hj212_cp_next(struct hj212_str *it, struct hj212_field *f,
		  struct hj212_error *e);

/* A measured value: [+-]digits[.digits][e[+-]digits], finite. 0 or -1. */
int hj212_number(struct hj212_str s, double *out);
/* DataTime YYYYMMDDhhmmss, or YYYYMMDDhhmmssSSS (milliseconds dropped),
 * a real date and time -> "YYYY-MM-DD HH:MM:SS". */
int hj212_datatime(struct hj212_str s, char out[20]);
/* The same, with its wall-clock seconds since 1970 in *secs. */
int hj212_datatime_secs(struct hj212_str s, char out[20], long long *secs);
/* HJ/T 212-2005 pollutant code -> HJ 212-2017 code, or NULL if not known. */
const char *hj212_code_2005(struct hj212_str code);

/*
 * Split packets (Flag bit 1) joined by MN + CN + DataTime (+ PNUM). The
 * joiner copies the lines it holds; it never holds more than max_groups
 * groups or max_bytes bytes of lines.
 */
struct hj212_part {
	char *line;
	size_t len;
	long long lineno;
	unsigned pno;
};
struct hj212_group {
	struct hj212_part parts[HJ212_MAX_PNUM]; /* by pno - 1 */
	unsigned pnum, have;
	size_t bytes;
	unsigned long long seq; /* arrival order, for eviction */
	int used;
	char key[HJ212_MAX_MN + 32]; /* MN, CN, DataTime, PNUM */
	size_t keylen;
};
struct hj212_join;

enum hj212_join_result {
	HJ212_JOIN_PENDING = 0,  /* kept, waiting for the other parts */
	HJ212_JOIN_COMPLETE,     /* *done holds every part, by pno */
	HJ212_JOIN_REPEAT,       /* this pno is already held: *done = its group */
	HJ212_JOIN_FULL,         /* no room: evict hj212_join_oldest() first */
};

struct hj212_join *hj212_join_new(unsigned max_groups, size_t max_bytes);
void hj212_join_free(struct hj212_join *j);
/* Offer a parsed split packet p (from line/len, line number lineno). */
enum hj212_join_result hj212_join_add(struct hj212_join *j,
				      const struct hj212_packet *p,
				      const char *line, size_t len,
				      long long lineno, struct hj212_group **done);
/* The group that arrived first, or NULL when none is pending. */
struct hj212_group *hj212_join_oldest(struct hj212_join *j);
/* Forget a group (after COMPLETE, or after quarantining an evicted one). */
void hj212_join_release(struct hj212_join *j, struct hj212_group *g);

#endif
