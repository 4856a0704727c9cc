#include "core/common.h"
#include "core/archive.h"
#include "core/date.h"
#include "exporters/keygen.h"
#include "synth/synthInt.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEMO_MARKER ".ecredit-demo"

void synth_options_init(struct synth_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->dir = "demo";
	opt->enterprises = 2000;
	opt->outlets = 300;
	opt->days = 90;  /* the 90-day exemption windows need their evidence */
	opt->seed = 1;
	opt->as_of = date_from_ymd(2026, 11, 28);
	opt->region = "320684";
	opt->gzip = -1;
	opt->keys = 1;
}

void synth_summary_release(struct synth_summary *s)
{
	if (!s)
		return;
	free(s->config);
	free(s->permits_file);
	free(s->penalties_utf8);
	free(s->penalties_gb18030);
	free(s->monitoring_file);
	free(s->generation_file);
	strbuf_release(&s->warnings);
	memset(s, 0, sizeof(*s));
}

/* ---- output files ---- */

struct synth_file {
	char *path, *tmp;
	FILE *f;
	struct arc_gzip *gz;
};

int synth_file_open(const char *path, int gzip, struct synth_file **out,
		    struct strbuf *err)
{
	struct synth_file *f = xcalloc(1, sizeof(*f));
	const char *slash = strrchr(path, '/');
	struct strbuf tmp = STRBUF_INIT;
	int rc = 0;

	*out = NULL;
	if (slash)
		strbuf_add(&tmp, path, (size_t)(slash - path + 1));
	strbuf_addf(&tmp, ".%s.tmp", slash ? slash + 1 : path);
	f->path = xstrdup(path);
	f->tmp = strbuf_detach(&tmp, NULL);
	if (gzip) {
		rc = arc_gzip_open(f->tmp, &f->gz, err);
	} else {
		f->f = fopen(f->tmp, "wb");
		if (!f->f)
			rc = ec_errno(err, "cannot create", f->tmp);
		else
			setvbuf(f->f, NULL, _IOFBF, 1 << 20);
	}
	if (rc) {
		free(f->path);
		free(f->tmp);
		free(f);
		return rc;
	}
	*out = f;
	return 0;
}

int synth_file_write(struct synth_file *f, const void *buf, size_t len,
		     struct strbuf *err)
{
	if (f->gz)
		return arc_gzip_write(f->gz, buf, len, err);
	if (len && fwrite(buf, 1, len, f->f) != len)
		return ec_errno(err, "cannot write", f->tmp);
	return 0;
}

static int sync_path(const char *path, struct strbuf *err)
{
	int fd = open(path, O_RDONLY), rc = 0;

	if (fd < 0)
		return ec_errno(err, "cannot open", path);
	if (fsync(fd))
		rc = ec_errno(err, "cannot sync", path);
	close(fd);
	return rc;
}

int synth_file_close(struct synth_file *f, int commit, struct strbuf *err)
{
	int rc = 0;

	if (!f)
		return 0;
	if (f->gz) {
		rc = arc_gzip_close(f->gz, err);
	} else if (f->f) {
		if (fflush(f->f) || (commit && fsync(fileno(f->f))))
			rc = ec_errno(err, "cannot write", f->tmp);
		if (fclose(f->f) && !rc)
			rc = ec_errno(err, "cannot write", f->tmp);
	}
	if (!rc && commit && f->gz)
		rc = sync_path(f->tmp, err);
	if (!rc && commit && rename(f->tmp, f->path))
		rc = ec_errno(err, "cannot rename into place", f->path);
	if (rc || !commit)
		unlink(f->tmp);
	free(f->path);
	free(f->tmp);
	free(f);
	return rc;
}

void synth_add_fixed(struct strbuf *sb, double v, int decimals)
{
	static const uint64_t scale[] = { 1, 10, 100, 1000, 10000 };
	char digits[24];
	uint64_t n, ip, fp;
	int k = 0;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 4)
		decimals = 4;
	if (v < 0) {
		strbuf_addch(sb, '-');
		v = -v;
	}
	if (v > 1e12)
		v = 1e12;
	n = (uint64_t)(v * (double)scale[decimals] + 0.5);
	ip = n / scale[decimals];
	fp = n % scale[decimals];
	do {
		digits[k++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	while (k)
		strbuf_addch(sb, digits[--k]);
	if (!decimals)
		return;
	strbuf_addch(sb, '.');
	for (int d = decimals - 1; d >= 0; d--)
		strbuf_addch(sb, (char)('0' + fp / scale[d] % 10));
}

/* ---- the folder ---- */

static int mkdir_p(const char *path, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;

	strbuf_addstr(&sb, path);
	for (size_t i = 1; i <= sb.len; i++) {
		char c = sb.buf[i];

		if (c != '/' && c != '\0')
			continue;
		sb.buf[i] = '\0';
		if (mkdir(sb.buf, 0755) && errno != EEXIST) {
			rc = ec_errno(err, "cannot create folder", sb.buf);
			goto out;
		}
		sb.buf[i] = c;
	}
out:
	strbuf_release(&sb);
	return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) ? errno : 0;
}

/* What a demo city consists of; only these are removed on a rerun. */
static const char *const demo_entries[] = {
	"ecredit.conf", "ecredit.db", "ecredit.db-wal", "ecredit.db-shm",
	"ecredit.db-journal", "ecredit.db.lock", "inbox", "done", "rejected",
	"outbox", "keys", DEMO_MARKER,
};

int synth_prepare_dir(const char *dir, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT;
	struct dirent *de;
	DIR *d = NULL;
	int rc = 0, marked, others = 0;

	if ((rc = mkdir_p(dir, err)))
		goto out;
	strbuf_addf(&path, "%s/%s", dir, DEMO_MARKER);
	marked = !access(path.buf, F_OK);
	d = opendir(dir);
	if (!d) {
		rc = ec_errno(err, "cannot read folder", dir);
		goto out;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			others++;
	if (others && !marked) {
		rc = ec_error(err, EC_USAGE,
			      "folder '%s' is not empty and holds no earlier demo;"
			      " name a new or empty folder", dir);
		goto out;
	}
	for (size_t i = 0; marked && i < ARRAY_SIZE(demo_entries); i++) {
		struct stat st;

		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, demo_entries[i]);
		if (lstat(path.buf, &st))
			continue;
		if (S_ISDIR(st.st_mode) ?
			    nftw(path.buf, remove_entry, 16, FTW_DEPTH | FTW_PHYS) :
			    unlink(path.buf)) {
			rc = ec_errno(err, "cannot remove the earlier demo's", path.buf);
			goto out;
		}
	}
out:
	if (d)
		closedir(d);
	strbuf_release(&path);
	return rc;
}

static int write_small_file(const char *path, const char *text,
			    struct strbuf *err)
{
	struct synth_file *f;
	int rc, rc2;

	if ((rc = synth_file_open(path, 0, &f, err)))
		return rc;
	rc = synth_file_write(f, text, strlen(text), err);
	rc2 = synth_file_close(f, !rc, rc ? NULL : err);
	return rc ? rc : rc2;
}

static int write_config(const struct synth_options *opt, const char *path,
			struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	char day[DATE_TEXT_SIZE];
	int rc;

	date_format(opt->as_of, day);
	strbuf_addf(&sb,
		    "# ecredit configuration written by `ecredit demo`\n"
		    "# (synthetic city: seed %llu, %ld enterprises, %ld monitored"
		    " outlets, %d days to %s).\n"
		    "# Paths are relative to this file's folder.\n"
		    "db = ecredit.db\n\n"
		    "[inbox]\n"
		    "permits = inbox/permits\n"
		    "penalties = inbox/penalties\n"
		    "monitoring = inbox/monitoring\n"
		    "generation = inbox/generation\n"
		    "done = done\n"
		    "rejected = rejected\n"
		    "# the demo writes its files just before the night runs; a\n"
		    "# bureau keeps the default (60 s) so files still being written wait\n"
		    "settle_seconds = 0\n\n"
		    "[outbox]\n"
		    "dir = outbox\n"
		    "channels = tax finance pricing public bureau\n"
		    "# the demo's business date is fixed: its packages stay valid for\n"
		    "# ten years so that the printed verify command keeps working (a\n"
		    "# bureau keeps the default of 7 days, docs/ecredit.conf.5)\n"
		    "valid_days = 3650\n\n"
		    "[keys]\n"
		    "# keys/ecdsa.key and keys/ecdsa.crt may replace the RSA pair\n"
		    "cms_key = keys/rsa.key\n"
		    "cms_cert = keys/rsa.crt\n"
		    "sm2_key = keys/sm2.key\n"
		    "sm2_cert = keys/sm2.crt\n"
		    "ed25519_key = keys/ed25519.key\n\n"
		    "[publisher]\n"
		    "# who issues the packages: bag-info.txt, READMEs, the public page\n"
		    "# (a synthetic bureau; put your own here)\n"
		    "name = 演示市生态环境局\n"
		    "code = 11320500MB00000007\n"
		    "address = 演示市人民路 100 号 生态环境局 215000\n"
		    "phone = 0512-00000000\n"
		    "email = xinyong@sthjj.example.gov.cn\n"
		    "objection = 对名单有异议的，请自公布之日起 15 个工作日内携书面材料向"
		    "演示市生态环境局法规处提出（演示市人民路 100 号，电话 0512-00000000，"
		    "xinyong@sthjj.example.gov.cn）\n\n"
		    "[monitoring]\n"
		    "# the demo log holds a few CRC-16/MODBUS packets on purpose:\n"
		    "# they are quarantined unless 'modbus' is listed here\n"
		    "accept_crc =\n"
		    "store_minute = false\n\n"
		    "[alert]\n"
		    "level = none\n\n"
		    "[quality]\n"
		    "max_quarantine_pct = 5\n",
		    (unsigned long long)opt->seed, opt->enterprises, opt->outlets,
		    opt->days, day);
	rc = write_small_file(path, sb.buf, err);
	strbuf_release(&sb);
	return rc;
}

static void make_keys(const char *dir, struct synth_summary *sum)
{
	static const char *const algs[] = { "rsa", "ecdsa", "ed25519", "sm2" };
	struct strbuf kerr = STRBUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(algs); i++) {
		strbuf_reset(&kerr);
		if (keygen_write(algs[i], dir, &kerr)) {
			if (sum->warnings.len)
				strbuf_addch(&sum->warnings, '\n');
			strbuf_addf(&sum->warnings, "no %s key: %s", algs[i], kerr.buf);
			continue;
		}
		sum->keys_made++;
	}
	strbuf_release(&kerr);
}

static char *join(const char *dir, const char *fmt, const char *day)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/", dir);
	strbuf_addf(&sb, fmt, day);
	return strbuf_detach(&sb, NULL);
}

int synth_city(const struct synth_options *opt, struct synth_summary *out,
	       struct strbuf *err)
{
	static const char *const folders[] = { "inbox/permits", "inbox/penalties",
					       "inbox/monitoring", "inbox/generation",
					       "keys" };
	struct synth_city city;
	struct strbuf path = STRBUF_INIT;
	char day[DATE_TEXT_SIZE];
	int rc = 0, gzip;

	memset(out, 0, sizeof(*out));
	strbuf_init(&out->warnings, 0);
	synth_city_init(&city, opt);
	date_format(opt->as_of, day);
	for (size_t i = 0; i < ARRAY_SIZE(folders); i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", opt->dir, folders[i]);
		if ((rc = mkdir_p(path.buf, err)))
			goto out;
	}
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/%s", opt->dir, DEMO_MARKER);
	if ((rc = write_small_file(path.buf,
				   "made by `ecredit demo`: a rerun replaces this city\n",
				   err)))
		goto out;

	gzip = opt->gzip >= 0 ? opt->gzip
			      : city.outlets * 24L * city.days >= 200000;
	out->permits_file = join(opt->dir, "inbox/permits/permits-%s.xml", day);
	out->penalties_utf8 = join(opt->dir, "inbox/penalties/penalties-%s-utf8.csv", day);
	out->penalties_gb18030 =
		join(opt->dir, "inbox/penalties/penalties-%s-gb18030.csv", day);
	out->monitoring_file = join(opt->dir, gzip ? "inbox/monitoring/hj212-%s.log.gz"
						   : "inbox/monitoring/hj212-%s.log",
				    day);
	out->generation_file = join(opt->dir, "inbox/generation/generation-%s.csv", day);
	out->config = join(opt->dir, "%s", "ecredit.conf");

	if ((rc = synth_write_permits(&city, out->permits_file, out, err)) ||
	    (rc = synth_write_penalties(&city, out->penalties_utf8,
					out->penalties_gb18030, out, err)) ||
	    (rc = synth_write_monitoring(&city, out->monitoring_file, gzip, out,
					 err)) ||
	    (rc = synth_write_generation(&city, out->generation_file, out, err)) ||
	    (rc = write_config(opt, out->config, err)))
		goto out;
	if (opt->keys) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/keys", opt->dir);
		make_keys(path.buf, out);
	}
out:
	strbuf_release(&path);
	return rc;
}
