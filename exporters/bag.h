#ifndef BAG_H
#define BAG_H

#include "exporters/channel.h"
#include "exporters/outfile.h"

/*
 * A BagIt bag (RFC 8493) serialised as one deterministic .tar.gz: every
 * member sits under the bag's base folder "<name>/" (RFC 8493 §4.2:
 * the serialisation unpacks to a single folder named like the archive),
 *   bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt,
 *   data/<payload files of ctx>
 * in byte order of their names, with the fixed mtime. Tag files are made
 * in memory (they are small); payload files are streamed from ctx->stage.
 */
struct bag_info {
	const char *name;     /* 'tax-2026-11-28-3' */
	long long sequence;
	int64_t mtime;        /* business date 00:00 Asia/Shanghai */
	const char *rule_set_id, *rule_set_version, *rule_set_sha256;
	const char *records;  /* 'data/x.csv=3 data/x.xml=3' */
};

/* Write the archive into the open (temporary) outfile; on success the
 * tag manifest's SHA-256 is in tagmanifest_sha256. */
int bag_write(struct export_ctx *ctx, const struct bag_info *bi,
	      struct outfile *archive, char tagmanifest_sha256[SHA256_HEX_SIZE],
	      struct strbuf *err);

#endif
