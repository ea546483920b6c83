# Build and install repl-lab:
#
#     make                            # swift build -c release
#     make install                    # PREFIX=/usr/local: the binary, lessons, completions
#     make install PREFIX=$HOME/.local
#     make install DESTDIR=/tmp/pkg PREFIX=/usr   # staged, for a package
#     make uninstall
#
# Installed layout (the binary finds its lessons from any directory):
#     PREFIX/bin/repl-lab
#     PREFIX/share/repl-lab/Lessons/*.lab, README.md
#     PREFIX/share/repl-lab/Transcripts/*.txt
#     PREFIX/share/bash-completion/completions/repl-lab
#     PREFIX/share/zsh/site-functions/_repl-lab
#     PREFIX/share/fish/vendor_completions.d/repl-lab.fish
#
# BINARY names the executable to install (default: the release build's); giving it skips the build.

PREFIX ?= /usr/local
DESTDIR ?=
CONFIGURATION ?= release
INSTALL ?= install

BINDIR := $(DESTDIR)$(PREFIX)/bin
SHAREDIR := $(DESTDIR)$(PREFIX)/share/repl-lab
BASHDIR := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR := $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR := $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

ifeq ($(origin BINARY), undefined)
BINARY = $(shell swift build -c $(CONFIGURATION) --show-bin-path)/repl-lab
INSTALL_NEEDS = build
else
INSTALL_NEEDS =
endif

.PHONY: all build install uninstall

all: build

build:
	swift build -c $(CONFIGURATION) --product repl-lab

install: $(INSTALL_NEEDS)
	$(INSTALL) -d "$(BINDIR)" "$(SHAREDIR)/Lessons" "$(SHAREDIR)/Transcripts" "$(BASHDIR)" "$(ZSHDIR)" "$(FISHDIR)"
	$(INSTALL) -m 755 "$(BINARY)" "$(BINDIR)/repl-lab"
	$(INSTALL) -m 644 Lessons/*.lab Lessons/README.md "$(SHAREDIR)/Lessons/"
	$(INSTALL) -m 644 Transcripts/*.txt "$(SHAREDIR)/Transcripts/"
	"$(BINARY)" --generate-completion-script bash > "$(BASHDIR)/repl-lab"
	"$(BINARY)" --generate-completion-script zsh > "$(ZSHDIR)/_repl-lab"
	"$(BINARY)" --generate-completion-script fish > "$(FISHDIR)/repl-lab.fish"

uninstall:
	rm -f "$(BINDIR)/repl-lab" "$(BASHDIR)/repl-lab" "$(ZSHDIR)/_repl-lab" "$(FISHDIR)/repl-lab.fish"
	rm -rf "$(SHAREDIR)"
