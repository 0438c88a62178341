# frontier - cross-border incident monitoring simulator
# GNU Make. `make` builds ./frontier; `make run` runs the default scenario; `make test` tests.

CC      ?= cc
PREFIX  ?= /usr/local
SCENARIO ?= scenarios/kabul-ultimatum-2023.yaml
# Debian's Python (deps.sh installs python3-jsonschema, python3-pandas, python3-yaml for it).
PYTHON  ?= /usr/bin/python3

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wno-unused-parameter
PKGS := gsl sdl2 x11 SDL2_ttf SDL2_image yaml-0.1 nettle zlib cairo freetype2 criterion
BUILD := build$(if $(SAN),-san)$(if $(COV),-cov)$(if $(MPI),-mpi)

CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_XOPEN_SOURCE=700 $(WARN) -pthread
CPPFLAGS += -Isim -Iviz -Icli -Ibench -MMD -MP
LDFLAGS += -pthread

# Link-time optimisation lets the engine's small functions inline into the model's loops.
ifeq ($(SAN)$(COV),)
  CFLAGS  += -flto=auto
  LDFLAGS += -flto=auto $(filter -O%,$(CFLAGS))
  AR      := gcc-ar
endif
ifdef SAN
  CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
  LDFLAGS += -fsanitize=address,undefined
endif
ifdef COV
  CFLAGS  += -O0 --coverage
  LDFLAGS += --coverage
endif
ifdef MPI
  CC := mpicc
  CPPFLAGS += -DFRONTIER_MPI=1
endif

# pkg-config is asked lazily so that `make deps` works before the libraries exist.
PKG_CFLAGS = $(shell pkg-config --cflags gsl sdl2 x11 SDL2_ttf SDL2_image yaml-0.1 nettle zlib cairo freetype2 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs gsl sdl2 x11 SDL2_ttf SDL2_image yaml-0.1 nettle zlib cairo freetype2 2>/dev/null) -lcsv -lyuv -lm
CRIT_LIBS  = $(shell pkg-config --libs criterion 2>/dev/null)
CPPFLAGS  += $(PKG_CFLAGS)
# GSL's documented switch for its inline functions (gsl_rng_uniform and friends): a draw is
# one call into the generator instead of two (docs/performance.md).
CPPFLAGS  += -DHAVE_INLINE

SIM_SRC   := $(sort $(wildcard sim/*/*.c))
VIZ_SRC   := $(sort $(wildcard viz/*/*.c))
CLI_SRC   := $(sort $(wildcard cli/*.c cli/*/*.c) $(wildcard bench/*.c))
TEST_SRC  := $(sort $(wildcard tests/test_*.c tests/hostile/test_*.c)) tests/hostile/hostile.c \
             tests/support.c
SIM_OBJ   := $(SIM_SRC:%.c=$(BUILD)/%.o)
VIZ_OBJ   := $(VIZ_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ  := $(TEST_SRC:%.c=$(BUILD)/%.o) $(BUILD)/cli/opt.o
LONG_SRC  := $(sort $(wildcard tests/long/test_*.c)) tests/hostile/hostile.c tests/support.c
LONG_OBJ  := $(LONG_SRC:%.c=$(BUILD)/%.o)
LIBSIM    := $(BUILD)/libfrontier_sim.a
LIBVIZ    := $(BUILD)/libfrontier_viz.a
BIN       := $(if $(SAN)$(COV)$(MPI),$(BUILD)/frontier,frontier)
TESTBIN   := $(BUILD)/frontier_tests
LONGBIN   := $(BUILD)/frontier_long_tests

.PHONY: all run test bench deps clean install uninstall san cov fuzz check-deps golden check-long
all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIBSIM): $(SIM_OBJ)
	@rm -f $@
	@$(AR) rcs $@ $^
$(LIBVIZ): $(VIZ_OBJ)
	@rm -f $@
	@$(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIBVIZ) $(LIBSIM)
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIBVIZ) $(LIBSIM) $(PKG_LIBS)
ifneq ($(BIN),frontier)
	@ln -sf $(BIN) frontier-$(BUILD)
endif

# Criterion registers tests in a linker section that LTO can drop (parameterized tests
# vanish): test objects are compiled without it.
$(TEST_OBJ) $(LONG_OBJ): CFLAGS := $(filter-out -flto=auto,$(CFLAGS))

$(TESTBIN): $(TEST_OBJ) $(LIBVIZ) $(LIBSIM)
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $(TEST_OBJ) $(LIBVIZ) $(LIBSIM) $(PKG_LIBS) $(CRIT_LIBS)

$(LONGBIN): $(LONG_OBJ) $(LIBVIZ) $(LIBSIM)
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $(LONG_OBJ) $(LIBVIZ) $(LIBSIM) $(PKG_LIBS) $(CRIT_LIBS)

# --- the two README commands ---------------------------------------------------------
run: deps
	@$(MAKE) --no-print-directory all
	@tools/run-default.sh ./$(BIN) $(SCENARIO)

test: deps
	@$(MAKE) --no-print-directory $(BIN) $(TESTBIN)
	@tools/check-layers.sh
	@tools/golden.sh check ./$(BIN)
	@FRONTIER_BIN=$(abspath $(BIN)) tests/run-tests.sh $(TESTBIN)
	@timeout 300 $(PYTHON) tests/outputs-check.py ./$(BIN)
	@timeout 300 $(PYTHON) tests/chaos-outputs.py ./$(BIN) 15
	@timeout 300 tests/install-check.sh $(if $(SAN),SAN=1)
	@if [ -z "$(SAN)" ]; then timeout 300 tests/readme-check.sh ./$(BIN); fi   # 11 s plain, 5x that under ASan
	@timeout 300 $(PYTHON) examples/ensemble_sweep.py --frontier ./$(BIN) -n 100 \
	    --out $(BUILD)/example-py | tail -1
	@if command -v Rscript >/dev/null; then timeout 300 Rscript examples/ensemble_sweep.R \
	    ./$(BIN) $(BUILD)/example-r 100 | tail -1; else echo "examples: no Rscript, R example skipped"; fi

# Rewrites tests/golden/ from the current build: only when a change is meant to alter the
# default or fictional run at seed 7 (say why in the commit).
golden: all
	@tools/golden.sh update ./$(BIN)

san:
	$(MAKE) SAN=1 test

# The long statistical checks (tests/long/test_*.c: coverage over many fits, sizes of tests,
# calibration recovery), too slow for `make test`, which runs a short version of each.
check-long: deps
	@$(MAKE) --no-print-directory $(BIN) $(LONGBIN)
	@FRONTIER_BIN=$(abspath $(BIN)) tests/run-tests.sh $(LONGBIN)
	@timeout 3000 $(PYTHON) tests/chaos-outputs.py ./$(BIN) 100

bench: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) bench

# Line coverage of sim/ by the test suite (gcovr); counters are reset first so the figure is
# that of one full run.
cov: deps
	@tools/deps.sh cov
	@find build-cov -name '*.gcda' -delete 2>/dev/null || true
	@$(MAKE) --no-print-directory COV=1 test
	@gcovr --root . --filter 'sim/' --object-directory build-cov --txt build-cov/coverage.txt
	@gcovr --root . --filter 'sim/' --object-directory build-cov --html build-cov/coverage.html
	@grep -E '^(sim/|TOTAL)' build-cov/coverage.txt

# --- fuzzing: libFuzzer targets in tests/fuzz (clang), built into build-fuzz/ ---------------
FUZZ_SECONDS ?= 20
FUZZ_CC      ?= clang
FUZZ_TARGETS := scenario incidents record cli script map
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OBJ     := $(patsubst %.c,build-fuzz/%.o,$(SIM_SRC) $(VIZ_SRC) $(filter-out cli/main.c,$(CLI_SRC)))

.PRECIOUS: build-fuzz/%.o
build-fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(CPPFLAGS) -std=c11 -D_XOPEN_SOURCE=700 -pthread -g -O1 $(FUZZ_SAN) \
	    -fsanitize=fuzzer-no-link -c $< -o $@
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h $(FUZZ_OBJ)
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(CPPFLAGS) -std=c11 -D_XOPEN_SOURCE=700 -pthread -g -O1 $(FUZZ_SAN) \
	    -fsanitize=fuzzer $< $(FUZZ_OBJ) $(PKG_LIBS) -o $@

-include $(FUZZ_OBJ:.o=.d) $(FUZZ_TARGETS:%=build-fuzz/fuzz_%.d)

fuzz:
	@tools/deps.sh fuzz
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=build-fuzz/fuzz_%)
	@tests/fuzz/run.sh $(FUZZ_SECONDS) build-fuzz $(FUZZ_TARGETS)

deps:
	@tools/deps.sh $(if $(MPI),mpi) $(if $(FUZZ),fuzz)

# --- install (docs/install.md): PREFIX (default /usr/local) and DESTDIR as Debian's packaging
# expects; MPI=1 installs the MPI build. The man page and the bash completion are generated
# by the binary from the tables behind --help. -------------------------------------------
INST      = $(DESTDIR)$(PREFIX)
MANPAGE   := $(BUILD)/frontier.1
BASHCOMP  := $(BUILD)/frontier.bash

$(MANPAGE): $(BIN)
	@./$(BIN) --help-man >$@.tmp && mv $@.tmp $@
$(BASHCOMP): $(BIN)
	@./$(BIN) --help-bash >$@.tmp && mv $@.tmp $@

install: all $(MANPAGE) $(BASHCOMP)
	install -d $(INST)/bin $(INST)/share/frontier $(INST)/share/man/man1 \
	    $(INST)/share/bash-completion/completions $(INST)/share/doc/frontier
	install -m 755 $(BIN) $(INST)/bin/frontier
	rm -rf $(INST)/share/frontier/scenarios $(INST)/share/frontier/schemas
	cp -R scenarios schemas $(INST)/share/frontier/
	install -m 644 $(MANPAGE) $(INST)/share/man/man1/frontier.1
	install -m 644 $(BASHCOMP) $(INST)/share/bash-completion/completions/frontier
	install -m 644 README.md LICENSE docs/*.md $(INST)/share/doc/frontier/
	rm -rf $(INST)/share/doc/frontier/img $(INST)/share/doc/frontier/examples
	cp -R docs/img $(INST)/share/doc/frontier/
	if [ -d examples ]; then cp -R examples $(INST)/share/doc/frontier/; fi

uninstall:
	rm -f $(INST)/bin/frontier $(INST)/share/man/man1/frontier.1
	rm -f $(INST)/share/bash-completion/completions/frontier
	rm -rf $(INST)/share/frontier $(INST)/share/doc/frontier

clean:
	rm -rf build build-san build-cov build-mpi build-fuzz frontier frontier-build-* out

-include $(SIM_OBJ:.o=.d) $(VIZ_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(LONG_OBJ:.o=.d)
