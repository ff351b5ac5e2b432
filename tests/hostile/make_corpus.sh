#!/usr/bin/env bash
# make_corpus.sh - generate hostile Alembic projects for cupel's robustness tests.
#
#   tests/hostile/make_corpus.sh OUTDIR            generate OUTDIR/<case>/ (deterministic, < 5 s)
#   tests/hostile/make_corpus.sh --verify OUTDIR   also run the real Alembic (`alembic heads`)
#                                                  in every case and compare with its EXPECT
#
# Every case is a complete mini project:
#   <case>/alembic.ini
#   <case>/migrations/env.py, script.py.mako
#   <case>/migrations/versions/   4 ordinary revisions c0ffee000001 <- ... <- c0ffee000004
#                                 plus the hostile file(s)
#   <case>/EXPECT                 one line: what Alembic 1.8.1 (SQLAlchemy 1.4.46,
#                                 CPython 3.11.2) does on `alembic heads`:
#                                 "alembic: exit N: <last unindented line of stderr>"
#                                 (exit 0: "... | stdout: <stdout lines joined by '; '>")
#   <case>/HOSTILE                the hostile file(s), relative to <case>/ (one per line)
#
# The EXPECT lines were recorded by running the real Alembic; they are
# written verbatim here so that generating the corpus needs neither Python
# nor Alembic.  Nothing depends on the clock, the locale or $RANDOM.
set -euo pipefail
export LC_ALL=C

verify=0
if [ "${1-}" = "--verify" ]; then verify=1; shift; fi
if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 [--verify] OUTDIR" >&2
    exit 2
fi
out=$1
mkdir -p "$out"

# ---------------------------------------------------------------- skeleton

write_ini() { # dir
    cat > "$1/alembic.ini" <<'EOF'
[alembic]
script_location = %(here)s/migrations
prepend_sys_path = .
sqlalchemy.url = sqlite:///%(here)s/hostile.db

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
EOF
}

write_env() { # dir
    cat > "$1/migrations/env.py" <<'EOF'
"""Migration environment of a hostile test project (online and offline)."""
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

target_metadata = None


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
EOF
    cat > "$1/migrations/script.py.mako" <<'EOF'
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
EOF
}

# rev_header FILE REV DOWN MESSAGE DATE : docstring + imports + identifiers
rev_header() {
    local down_py="'$3'" revises=$3
    if [ "$3" = None ]; then down_py=None; revises=; fi
    cat > "$1" <<EOF
"""$4

Revision ID: $2
Revises: $revises
Create Date: $5

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '$2'
down_revision = $down_py
branch_labels = None
depends_on = None

EOF
}

write_chain() { # versions-dir
    local v=$1
    rev_header "$v/c0ffee000001_create_accounts.py" c0ffee000001 None \
        "create accounts" "2024-02-01 09:00:00.000001"
    cat >> "$v/c0ffee000001_create_accounts.py" <<'EOF'

def upgrade() -> None:
    op.create_table(
        'accounts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_accounts'),
    )


def downgrade() -> None:
    op.drop_table('accounts')
EOF
    rev_header "$v/c0ffee000002_add_account_email.py" c0ffee000002 c0ffee000001 \
        "add account email" "2024-02-02 09:00:00.000002"
    cat >> "$v/c0ffee000002_add_account_email.py" <<'EOF'

def upgrade() -> None:
    op.add_column('accounts', sa.Column('email', sa.String(length=255), nullable=True))


def downgrade() -> None:
    op.drop_column('accounts', 'email')
EOF
    rev_header "$v/c0ffee000003_index_account_email.py" c0ffee000003 c0ffee000002 \
        "index account email" "2024-02-03 09:00:00.000003"
    cat >> "$v/c0ffee000003_index_account_email.py" <<'EOF'

def upgrade() -> None:
    op.create_index('ix_accounts_email', 'accounts', ['email'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_accounts_email', table_name='accounts')
EOF
    rev_header "$v/c0ffee000004_create_sessions.py" c0ffee000004 c0ffee000003 \
        "create sessions" "2024-02-04 09:00:00.000004"
    cat >> "$v/c0ffee000004_create_sessions.py" <<'EOF'

def upgrade() -> None:
    op.create_table(
        'sessions',
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name='fk_sessions_account_id_accounts', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('token', name='pk_sessions'),
    )


def downgrade() -> None:
    op.drop_table('sessions')
EOF
}

# new_case NAME EXPECT-LINE HOSTILE-FILE... : fresh copy of the skeleton in $CASE
# The skeleton (ini, env.py, template, chain) is written once and copied.
skel=$(mktemp -d "${TMPDIR:-/tmp}/cupel-hostile.XXXXXX")
trap 'rm -rf "$skel"' EXIT
mkdir -p "$skel/migrations/versions"
write_ini "$skel"
write_env "$skel"
write_chain "$skel/migrations/versions"

CASE=
V=
new_case() {
    CASE=$out/$1
    rm -rf "$CASE"
    cp -R "$skel" "$CASE"
    printf '%s\n' "$2" > "$CASE/EXPECT"
    shift 2
    printf '%s\n' "$@" > "$CASE/HOSTILE"
    V=$CASE/migrations/versions
}

# an ordinary revision body on top of the chain (used by several cases)
body_phone() {
    cat <<'EOF'

def upgrade() -> None:
    op.add_column('accounts', sa.Column('phone', sa.String(length=32), nullable=True))


def downgrade() -> None:
    op.drop_column('accounts', 'phone')
EOF
}

# ---------------------------------------------------------------- cases

# binary: 4096 pseudo-random bytes (LCG x = (75x + 74) mod 65537, seed 20240201),
# every 256th byte forced to NUL.  Exact integer arithmetic in any awk.
f=migrations/versions/dead00000001_binary.py
new_case binary "alembic: exit 1: ValueError: source code string cannot contain null bytes" "$f"
esc=$(awk 'BEGIN { x = 20240201 % 65537
    for (i = 0; i < 4096; i++) {
        x = (x * 75 + 74) % 65537
        b = (i % 256 == 7) ? 0 : x % 256
        printf "\\x%02x", b } }')
printf "$esc" > "$CASE/$f"

# invalid_utf8: bytes that are not UTF-8 in the docstring and in a string literal
f=migrations/versions/c0ffee000005_invalid_utf8.py
new_case invalid_utf8 "alembic: exit 1: SyntaxError: (unicode error) 'utf-8' codec can't decode byte 0xe9 in position 7: invalid continuation byte" "$f"
{
    printf '"""add caf\xe9 table \xff\xfe overlong \xc0\xaf surrogate \xed\xa0\x80 truncated \xe2\x82\n\n'
    printf 'Revision ID: c0ffee000005\nRevises: c0ffee000004\nCreate Date: 2024-02-05 09:00:00.000005\n\n"""\n'
    printf 'from alembic import op\nimport sqlalchemy as sa\n\n\n'
    printf "# revision identifiers, used by Alembic.\n"
    printf "revision = 'c0ffee000005'\ndown_revision = 'c0ffee000004'\nbranch_labels = None\ndepends_on = None\n\n\n"
    printf 'def upgrade() -> None:\n'
    printf "    op.execute(\"INSERT INTO accounts (id, name) VALUES (1, 'Caf\xe9 M\xfcller \x80\x81')\")\n\n\n"
    printf 'def downgrade() -> None:\n    op.execute("DELETE FROM accounts WHERE id = 1")\n'
} > "$CASE/$f"

# huge: a valid 5.3 MB migration (one upgrade() with 40,855 op.execute calls)
f=migrations/versions/c0ffee000005_huge_backfill.py
new_case huge "alembic: exit 0: (no stderr) | stdout: c0ffee000005 (head)" "$f"
rev_header "$CASE/$f" c0ffee000005 c0ffee000004 "huge generated backfill" "2024-02-05 09:00:00.000005"
{
    printf '\ndef upgrade() -> None:\n'
    awk 'BEGIN { n = 0
        pad = "0123456789abcdefghijklmnopqrstuvwxyz"
        while (n < 5300000) {
            i++
            line = sprintf("    op.execute(\"INSERT INTO accounts (id, name) VALUES (%d, '\''generated account %06d %s'\'')\")\n", i, i, pad)
            printf "%s", line
            n += length(line)
        } }'
    printf '\n\ndef downgrade() -> None:\n    op.execute("DELETE FROM accounts WHERE id > 0")\n'
} >> "$CASE/$f"

# nested: 100,000 nested parentheses in a module-level expression (line 18;
# CPython gives up at depth 200: col 209)
f=migrations/versions/c0ffee000005_nested_parens.py
new_case nested "alembic: exit 1: SyntaxError: too many nested parentheses" "$f"
rev_header "$CASE/$f" c0ffee000005 c0ffee000004 "deeply nested expression" "2024-02-05 09:00:00.000005"
{
    printf 'DEPTH = '
    awk 'BEGIN { s = "(((((((((("; for (i = 0; i < 10000; i++) printf "%s", s
                 printf "1"
                 s = "))))))))))"; for (i = 0; i < 10000; i++) printf "%s", s
                 printf "\n" }'
    body_phone
} >> "$CASE/$f"

# unterminated_string: a single-quoted literal that never ends (line 14, col 17)
f=migrations/versions/c0ffee000005_unterminated_string.py
new_case unterminated_string "alembic: exit 1: SyntaxError: unterminated string literal (detected at line 14)" "$f"
rev_header "$CASE/$f" c0ffee000005 c0ffee000004 "unterminated string" "2024-02-05 09:00:00.000005"
sed -i "s/^down_revision = 'c0ffee000004'$/down_revision = 'c0ffee000004/" "$CASE/$f"
body_phone >> "$CASE/$f"

# unterminated_fstring: f-string with an open quote and an open brace (line 20, col 12)
f=migrations/versions/c0ffee000005_unterminated_fstring.py
new_case unterminated_fstring "alembic: exit 1: SyntaxError: unterminated string literal (detected at line 20)" "$f"
rev_header "$CASE/$f" c0ffee000005 c0ffee000004 "unterminated f-string" "2024-02-05 09:00:00.000005"
cat >> "$CASE/$f" <<'EOF'

def upgrade() -> None:
    note = f"upgrading {revision!r} from {down_revision
    op.execute(f"COMMENT ON TABLE accounts IS '{note}'")


def downgrade() -> None:
    pass
EOF

# unterminated_triple: the module docstring (line 1, col 1) is never closed
f=migrations/versions/c0ffee000005_unterminated_triple.py
new_case unterminated_triple "alembic: exit 1: SyntaxError: unterminated triple-quoted string literal (detected at line 23)" "$f"
rev_header "$CASE/$f" c0ffee000005 c0ffee000004 "unterminated docstring" "2024-02-05 09:00:00.000005"
sed -i '7d' "$CASE/$f"      # line 7 is the closing """ of the docstring
body_phone >> "$CASE/$f"

# missing_revision: a revision script that forgot `revision = ...`
f=migrations/versions/c0ffee000005_add_phone_without_revision.py
new_case missing_revision "alembic: exit 255: (no stderr) | stdout: FAILED: Could not determine revision id from filename c0ffee000005_add_phone_without_revision.py. Be sure the 'revision' variable is declared inside the script (please see 'Upgrading from Alembic 0.1 to 0.2' in the documentation)." "$f"
rev_header "$CASE/$f" c0ffee000005 c0ffee000004 "add phone (no revision variable)" "2024-02-05 09:00:00.000005"
sed -i "/^revision = /d" "$CASE/$f"
body_phone >> "$CASE/$f"

# self_reference: down_revision equals revision
f=migrations/versions/c0ffee000005_self_reference.py
new_case self_reference "alembic: exit 1: alembic.script.revision.LoopDetected: Self-loop is detected in revisions (c0ffee000005)" "$f"
rev_header "$CASE/$f" c0ffee000005 c0ffee000005 "points at itself" "2024-02-05 09:00:00.000005"
body_phone >> "$CASE/$f"

# cycle: c0ffee00000a -> c0ffee00000b -> c0ffee00000a (beside the valid chain)
fa=migrations/versions/c0ffee00000a_cycle_a.py
fb=migrations/versions/c0ffee00000b_cycle_b.py
new_case cycle "alembic: exit 1: alembic.script.revision.CycleDetected: Cycle is detected in revisions (c0ffee00000a, c0ffee00000b)" "$fa" "$fb"
rev_header "$CASE/$fa" c0ffee00000a c0ffee00000b "cycle a (revises b)" "2024-02-05 09:00:00.00000a"
body_phone >> "$CASE/$fa"
rev_header "$CASE/$fb" c0ffee00000b c0ffee00000a "cycle b (revises a)" "2024-02-05 09:00:00.00000b"
body_phone >> "$CASE/$fb"

# missing_parent: down_revision names an id that does not exist
f=migrations/versions/c0ffee000005_missing_parent.py
new_case missing_parent "alembic: exit 1: KeyError: 'feedfacecafe'" "$f"
rev_header "$CASE/$f" c0ffee000005 feedfacecafe "revises a revision that was never committed" "2024-02-05 09:00:00.000005"
body_phone >> "$CASE/$f"

# duplicate_id: two files declare the same revision (both on top of the chain)
fa=migrations/versions/c0ffee000005_add_phone.py
fb=migrations/versions/c0ffee000005_add_phone_v2.py
new_case duplicate_id "alembic: exit 0: /usr/lib/python3/dist-packages/alembic/script/revision.py:195: UserWarning: Revision c0ffee000005 is present more than once | stdout: c0ffee000005 (head); c0ffee000005 (head)" "$fa" "$fb"
rev_header "$CASE/$fa" c0ffee000005 c0ffee000004 "add phone" "2024-02-05 09:00:00.000005"
body_phone >> "$CASE/$fa"
rev_header "$CASE/$fb" c0ffee000005 c0ffee000004 "add phone (rebased copy)" "2024-02-05 10:00:00.000005"
body_phone >> "$CASE/$fb"

# control_chars: terminal escape sequences and a carriage return in the docstring
f=migrations/versions/c0ffee000005_control_chars.py
new_case control_chars "alembic: exit 0: (no stderr) | stdout: c0ffee000005 (head)" "$f"
rev_header "$CASE/$f" c0ffee000005 c0ffee000004 \
    "$(printf 'add phone \033[2J\033]0;pwned\007\033[31mRED\033[0m\rOVERWRITTEN')" \
    "2024-02-05 09:00:00.000005"
sed -i "s/^branch_labels = None$/branch_labels = None  # $(printf '\033[1A\033[2K')/" "$CASE/$f"
body_phone >> "$CASE/$f"

# syntax_error_middle: one broken line (double comma) in the middle of upgrade() (line 21, col 87)
f=migrations/versions/c0ffee000005_syntax_error_middle.py
new_case syntax_error_middle "alembic: exit 1: SyntaxError: invalid syntax" "$f"
rev_header "$CASE/$f" c0ffee000005 c0ffee000004 "add phone and country" "2024-02-05 09:00:00.000005"
cat >> "$CASE/$f" <<'EOF'

def upgrade() -> None:
    op.add_column('accounts', sa.Column('phone', sa.String(length=32), nullable=True))
    op.add_column('accounts', sa.Column('country', sa.String(length=2), nullable=True,, server_default='ZZ'))
    op.create_index('ix_accounts_country', 'accounts', ['country'])


def downgrade() -> None:
    op.drop_index('ix_accounts_country', table_name='accounts')
    op.drop_column('accounts', 'country')
    op.drop_column('accounts', 'phone')
EOF

# ---------------------------------------------------------------- verify

if [ "$verify" = 1 ]; then
    alembic=${ALEMBIC:-/usr/bin/python3 -m alembic}
    fail=0
    for d in "$out"/*/; do
        d=${d%/}
        [ -f "$d/EXPECT" ] || continue
        set +e
        (cd "$d" && PYTHONDONTWRITEBYTECODE=1 PYTHONHASHSEED=0 $alembic heads \
            > "$d/.stdout" 2> "$d/.stderr")
        rc=$?
        set -e
        # last stderr line that is not indented (skips a warning's echoed source line)
        last=$(grep -v '^[[:space:]]' "$d/.stderr" | grep -v '^$' | tail -n 1 || true)
        [ -n "$last" ] || last="(no stderr)"
        got="alembic: exit $rc: $last"
        if [ "$rc" = 0 ] || [ "$last" = "(no stderr)" ]; then
            got="$got | stdout: $(grep -v '^[[:space:]]*$' "$d/.stdout" | paste -sd';' - | sed 's/;/; /g')"
        fi
        rm -f "$d/.stdout" "$d/.stderr"
        want=$(cat "$d/EXPECT")
        if [ "$got" = "$want" ]; then
            echo "ok   ${d##*/}"
        else
            echo "DIFF ${d##*/}"; echo "  want: $want"; echo "  got:  $got"; fail=1
        fi
    done
    exit $fail
fi
