/* The engine in use (see accel.h). Kept to this, so that tests can use a fake one. */
#include "core/accel.h"

const AccelOps *current_accel;

void accel_use(const AccelOps *ops)
{
    current_accel = ops;
}
