// libxlsxwriter (Debian: libxlsxwriter-dev), for writing .xlsx reports.
#include <xlsxwriter.h>
