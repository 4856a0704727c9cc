# ecredit — GNU make. `make`, `make check`, `make demo`; see README.md.
.SUFFIXES:
.DELETE_ON_ERROR:

PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
CFLAGS   ?= -O2 -g
LDFLAGS  ?=
PKGS     := libxml-2.0 libcrypto sqlite3 libarchive zlib xlsxwriter
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# Libraries pkg-config cannot find: named before any compiler error.
PKG_MISSING = $(shell command -v pkg-config >/dev/null 2>&1 || echo pkg-config; \
	for p in $(PKGS); do pkg-config --exists $$p 2>/dev/null || echo $$p; done)
DEPS_FIX := sh scripts/deps.sh
# $(call need_tool,PROGRAM,DEBIAN PACKAGE): stop with the fix when missing
need_tool = @command -v $(1) >/dev/null 2>&1 || { \
	echo "ecredit: '$(1)' is missing (Debian package $(2)); run: $(DEPS_FIX) --test" >&2; exit 1; }

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wvla -Wpointer-arith -Wundef \
	-Wno-format-nonliteral
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -I. -Ibuild \
	$(PKG_CFLAGS) $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -MMD -MP

B := build$(if $(VARIANT),-$(VARIANT))

SRC_DIRS := core cmd importers rules ratings linkage exporters synth nightly
LIB_SRC  := $(filter-out cmd/main.c,$(sort $(wildcard $(addsuffix /*.c,$(SRC_DIRS)))))
# Files compiled into the binary: schemas and the shipped rule sets.
EMBED    := $(sort $(wildcard */*.xsd rules/*.xml))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o) $(B)/embedded.o
LIB      := $(B)/libecredit.a
PROG     := ecredit$(if $(VARIANT),-$(VARIANT))

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/tests/replay_%)

# Message catalogues (docs/i18n.md; rules below under "operator's language").
LOCALEDIR ?= $(PREFIX)/share/locale
PO_LANGS  := zh_CN
MO        := $(PO_LANGS:%=$(B)/locale/%/LC_MESSAGES/ecredit.mo)

all: $(PROG) $(MO)

$(PROG): $(B)/cmd/main.o $(LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# Order-only: checked once per make run, never a reason to rebuild.
deps-check:
	@missing="$(strip $(PKG_MISSING))"; if [ -n "$$missing" ]; then \
		echo "ecredit: missing build dependencies: $$missing (pkg-config cannot find them)" >&2; \
		echo "ecredit: install them with: $(DEPS_FIX)" >&2; exit 1; fi

test-deps-check:
	@if ! pkg-config --exists cmocka 2>/dev/null && [ ! -f /usr/include/cmocka.h ]; then \
		echo "ecredit: cmocka is missing (Debian package libcmocka-dev)" >&2; \
		echo "ecredit: install the test dependencies with: $(DEPS_FIX) --test" >&2; exit 1; fi

$(B)/%.o: %.c | deps-check
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Where the installed binary finds its message catalogues: a header that
# changes (and rebuilds main.o) only when LOCALEDIR does, so that
# `make install PREFIX=/usr` after `make` gets the right path.
$(B)/cmd/main.o: $(B)/localedir.h
$(B)/cmd/main.o: ALL_CFLAGS += -include $(B)/localedir.h
$(B)/localedir.h: FORCE
	@mkdir -p $(dir $@)
	@echo '#define LOCALEDIR "$(LOCALEDIR)"' >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
FORCE:

$(B)/embedded.c: $(EMBED) scripts/embed.sh
	@mkdir -p $(dir $@)
	sh scripts/embed.sh $(EMBED) > $@

$(B)/embedded.o: $(B)/embedded.c | deps-check
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(B)/tests/test_%: tests/unit/test_%.c tests/unit/unit.c tests/unit/unit.h $(LIB) | test-deps-check
	@mkdir -p $(dir $@)
	@echo "LD $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< tests/unit/unit.c $(LIB) $(PKG_LIBS) -lcmocka

$(B)/tests/replay_%: tests/fuzz/%.c tests/fuzz/replay.c $(LIB)
	@mkdir -p $(dir $@)
	@echo "LD $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB) $(PKG_LIBS)

# The I/O fault shim (LD_PRELOAD) for the nightly tests: plain flags, no
# sanitizer, so it can be preloaded into any build of the program.
FAULT_SO := $(B)/tests/faultinject.so
$(FAULT_SO): tests/faultinject.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -g -Wall -Wextra -Werror -fPIC -shared -o $@ $< -ldl

tests-build: $(PROG) $(MO) $(B)/po-strings $(UNIT_BIN) $(REPLAY_BIN) $(FAULT_SO)

# The whole suite: unit tests, CLI tests against the real binary, and the
# fuzz corpora replayed through the parsers. Ends with "N passed, N failed".
check: tests-build layers
	@ECREDIT=$(CURDIR)/$(PROG) BUILD=$(CURDIR)/$(B) sh tests/run.sh

# The include graph follows the layers of docs/architecture.md.
layers:
	@sh scripts/layers.sh

sanitize:
	$(MAKE) VARIANT=san CC=$(if $(findstring clang,$(CC)),$(CC),gcc) \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" check

FUZZ_SECONDS ?= 60
fuzz:
	@mkdir -p build-fuzz
	$(MAKE) VARIANT=fuzzlib CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" $(B:build=build-fuzzlib)/libecredit.a
	@for src in $(FUZZ_SRC); do \
		name=$$(basename $$src .c); \
		clang $(ALL_CFLAGS:-MMD=) -O1 -g -fsanitize=fuzzer,address,undefined \
			-o build-fuzz/$$name $$src build-fuzzlib/libecredit.a $(PKG_LIBS) || exit 1; \
		mkdir -p tests/fuzz/corpus/$$name build-fuzz/corpus-$$name; \
		echo "fuzzing $$name for $(FUZZ_SECONDS)s"; \
		build-fuzz/$$name -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
			build-fuzz/corpus-$$name tests/fuzz/corpus/$$name >build-fuzz/$$name.log 2>&1 \
			|| { tail -30 build-fuzz/$$name.log; exit 1; }; \
	done

bench: $(PROG)
	@sh scripts/bench.sh

bench-quick: $(PROG)
	@sh scripts/bench.sh quick

TORTURE_TRIALS ?= 60
torture: $(PROG) $(FAULT_SO)
	@ECREDIT=$(CURDIR)/$(PROG) BUILD=$(CURDIR)/$(B) TRIALS=$(TORTURE_TRIALS) \
		sh tests/torture.sh

demo:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory $(PROG)
	./$(PROG) demo --dir demo

# ---- Messages in the operator's language (docs/i18n.md) -------------------
# `make po` extracts every translatable string into po/ecredit.pot and
# merges it into po/LANG.po; the build compiles po/LANG.po into
# $(B)/locale/LANG/LC_MESSAGES/ecredit.mo (where ./ecredit finds it);
# `make install` puts it under $(LOCALEDIR). `make po-check` = what the
# tests check: the .pot is current, no entry untranslated or fuzzy.
PO_SRC    := $(sort $(wildcard $(addsuffix /*.c,$(SRC_DIRS)) $(addsuffix /*.h,$(SRC_DIRS))))
# The functions that translate their format (core/i18n.h) and the argument
# that is the format; c-format so msgfmt checks the translations' %-directives.
XGETTEXT_KEYWORDS := --keyword=_ --keyword=N_ \
	--keyword=ec_error:3 --flag=ec_error:3:c-format \
	--keyword=ec_prefix:2 --flag=ec_prefix:2:c-format \
	--keyword=ec_addf:2 --flag=ec_addf:2:c-format \
	--keyword=ec_errno:2 \
	--keyword=cli_warn:1 --flag=cli_warn:1:c-format \
	--keyword=cli_info:2 --flag=cli_info:2:c-format \
	--keyword=cli_usage:2 --flag=cli_usage:2:c-format \
	--keyword=import_warn:2 --flag=import_warn:2:c-format \
	--keyword=nightly_note:3 --flag=nightly_note:3:c-format
XGETTEXT := xgettext --language=C --from-code=UTF-8 --no-wrap --sort-by-file \
	--add-comments=TRANSLATORS: --package-name=ecredit --msgid-bugs-address=ecredit \
	--exclude-file=po/exclude.pot $(XGETTEXT_KEYWORDS)

$(B)/locale/%/LC_MESSAGES/ecredit.mo: po/%.po
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: run scripts/deps.sh (Debian package gettext)" >&2; exit 1; }
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

$(B)/po-strings: scripts/po-strings.c $(LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)

# The catalogue template from the sources and the tables' texts; written
# to $(POT_OUT) (po-check makes a fresh one to compare).
POT_OUT ?= po/ecredit.pot
pot: $(B)/po-strings
	@command -v xgettext >/dev/null || { echo "xgettext is missing: run scripts/deps.sh (Debian package gettext)" >&2; exit 1; }
	@mkdir -p $(B)/po
	$(B)/po-strings > $(B)/po/tables.c
	$(XGETTEXT) -o $(POT_OUT) $(PO_SRC) $(B)/po/tables.c
	@sed -i 's|$(B)/po/tables.c|tables (scripts/po-strings.c)|' $(POT_OUT)

po: pot
	@for l in $(PO_LANGS); do \
		echo "msgmerge po/$$l.po"; \
		msgmerge --quiet --update --backup=none --no-wrap --sort-by-file po/$$l.po po/ecredit.pot || exit 1; \
		msgattrib --no-obsolete --no-wrap -o po/$$l.po po/$$l.po || exit 1; \
		msgfmt --statistics -o /dev/null po/$$l.po; \
	done

po-check: $(B)/po-strings
	@$(MAKE) --no-print-directory -s pot POT_OUT=$(B)/po/fresh.pot >/dev/null
	@sh scripts/po-check.sh $(B)/po/fresh.pot $(PO_LANGS)

# Installation (PREFIX, DESTDIR). INSTALLED lists every file, so that
# uninstall removes exactly those and the folders it made for them.
BINDIR  = $(PREFIX)/bin
MANDIR  = $(PREFIX)/share/man
DATADIR = $(PREFIX)/share/ecredit
DOCDIR  = $(PREFIX)/share/doc/ecredit
COMPDIR = $(PREFIX)/share/bash-completion/completions
SCHEMAS := $(sort $(wildcard */*.xsd))
CONTRIB := ecredit-nightly ecredit-nightly.service ecredit-nightly.timer \
	ecredit-alert@.service ecredit.logrotate ecredit.conf.example
DOCS    := README.md docs/operation.md docs/demo.md docs/export.md docs/rating.md \
	docs/linkage.md docs/importers-permits.md docs/importers-penalties.md \
	docs/importers-monitoring.md docs/power-price.md docs/interfaces.md \
	docs/architecture.md docs/i18n.md
INSTALLED = $(BINDIR)/ecredit $(MANDIR)/man1/ecredit.1 $(MANDIR)/man5/ecredit.conf.5 \
	$(COMPDIR)/ecredit $(DATADIR)/rules/jiangsu-2020.xml \
	$(addprefix $(DATADIR)/schemas/,$(notdir $(SCHEMAS))) \
	$(addprefix $(DATADIR)/contrib/,$(CONTRIB)) \
	$(addprefix $(DOCDIR)/,$(notdir $(DOCS)))
# folders that are ecredit's alone, deepest first
OWN_DIRS = $(DATADIR)/rules $(DATADIR)/schemas $(DATADIR)/contrib $(DATADIR) $(DOCDIR)
# the message catalogues (docs/i18n.md)
INSTALLED += $(foreach l,$(PO_LANGS),$(LOCALEDIR)/$(l)/LC_MESSAGES/ecredit.mo)

install: $(PROG) $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(COMPDIR) $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(DATADIR)/schemas \
		$(DESTDIR)$(DATADIR)/contrib $(DESTDIR)$(DOCDIR)
	install -m 0755 $(PROG) $(DESTDIR)$(BINDIR)/ecredit
	install -m 0644 docs/ecredit.1 $(DESTDIR)$(MANDIR)/man1/ecredit.1
	install -m 0644 docs/ecredit.conf.5 $(DESTDIR)$(MANDIR)/man5/ecredit.conf.5
	install -m 0644 contrib/ecredit.bash-completion $(DESTDIR)$(COMPDIR)/ecredit
	install -m 0644 rules/jiangsu-2020.xml $(DESTDIR)$(DATADIR)/rules/jiangsu-2020.xml
	install -m 0644 $(SCHEMAS) $(DESTDIR)$(DATADIR)/schemas/
	for f in $(CONTRIB); do \
		sed 's|@BINDIR@|$(BINDIR)|g' contrib/$$f >$(DESTDIR)$(DATADIR)/contrib/$$f && \
		chmod 0644 $(DESTDIR)$(DATADIR)/contrib/$$f || exit 1; \
	done
	install -m 0644 $(DOCS) $(DESTDIR)$(DOCDIR)/
	for l in $(PO_LANGS); do \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 0644 $(B)/locale/$$l/LC_MESSAGES/ecredit.mo \
			$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/ecredit.mo || exit 1; \
	done

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	for d in $(addprefix $(DESTDIR),$(OWN_DIRS)); do \
		[ ! -d "$$d" ] || rmdir "$$d" || exit 1; \
	done

clean:
	rm -rf build build-* ecredit ecredit-* tests/tmp

format:
	clang-format -i $(LIB_SRC) cmd/main.c

.PHONY: FORCE po pot po-check all check layers sanitize fuzz bench bench-quick torture \
	demo install uninstall clean tests-build format deps-check test-deps-check

-include $(shell find build* -name '*.d' 2>/dev/null)
