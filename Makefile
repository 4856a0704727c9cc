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

all: $(PROG)

$(PROG): $(B)/cmd/main.o $(LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/embedded.c: $(EMBED) scripts/embed.sh
	@mkdir -p $(dir $@)
	sh scripts/embed.sh $(EMBED) > $@

$(B)/embedded.o: $(B)/embedded.c
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(B)/tests/test_%: tests/unit/test_%.c tests/unit/unit.c tests/unit/unit.h $(LIB)
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

tests-build: $(PROG) $(UNIT_BIN) $(REPLAY_BIN) $(FAULT_SO)

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

install: $(PROG)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(PROG) $(DESTDIR)$(PREFIX)/bin/ecredit
	install -m 0644 docs/ecredit.1 $(DESTDIR)$(PREFIX)/share/man/man1/ecredit.1

clean:
	rm -rf build build-* ecredit ecredit-* tests/tmp

format:
	clang-format -i $(LIB_SRC) cmd/main.c

.PHONY: all check layers sanitize fuzz bench bench-quick torture demo install clean tests-build format

-include $(shell find build* -name '*.d' 2>/dev/null)
