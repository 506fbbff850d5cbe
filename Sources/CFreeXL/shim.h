// FreeXL (Debian: libfreexl-dev), for reading BIFF .xls workbooks (Excel 97-2003), run in a child
// process by freexl_child.h.
#include <freexl.h>
#include "freexl_child.h"
