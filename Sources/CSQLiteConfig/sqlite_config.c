#include "sqlite_config.h"
#include <sqlite3.h>

int exhibit_sqlite_statement_journal_spill(int bytes) {
    return sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, bytes);
}
