/* The floor of issue 6's control-loop benchmark: the same step as `vernier device bench` (write 20 holding
 * registers, read 20 input registers: the layout of hardware/awake.yaml and hardware/quadratic.yaml) as a plain C
 * loop over libmodbus, with no encoding and no plant.
 * Built and run by Benchmarks/compare-modbus.sh:  libmodbus_steps HOST PORT UNIT STEPS WARMUP [combined]
 * ("combined": one function-23 transaction per step, readings in holding registers 20-39). */
#include <errno.h>
#include <modbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* User + system CPU time of this process (s). */
static double cpu(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec * 1e-6
        + (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec * 1e-6;
}

static int ascending(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 6 && argc != 7) {
        fprintf(stderr, "usage: %s HOST PORT UNIT STEPS WARMUP [combined]\n", argv[0]);
        return 64;
    }
    int combined = argc == 7 && strcmp(argv[6], "combined") == 0;
    int steps = atoi(argv[4]), warmup = atoi(argv[5]);
    modbus_t *context = modbus_new_tcp(argv[1], atoi(argv[2]));
    if (context == NULL || modbus_set_slave(context, atoi(argv[3])) == -1 || modbus_connect(context) == -1) {
        fprintf(stderr, "cannot connect: %s\n", modbus_strerror(errno));
        if (context) modbus_free(context);
        return 1;
    }
    uint16_t start[20], nudged[20], readings[20];
    double *durations = malloc(sizeof(double) * (size_t)steps);
    if (durations == NULL || modbus_read_registers(context, 0, 20, start) != 20) {
        fprintf(stderr, "cannot read the setpoints: %s\n", modbus_strerror(errno));
        return 1;
    }
    for (int i = 0; i < 20; i++) nudged[i] = start[i];
    nudged[1] ^= 1; /* one ulp of the first float32 setpoint: the device moves, barely */
    double began = 0, cpu_began = 0;
    for (int i = -warmup; i < steps; i++) {
        if (i == 0) {
            began = now();
            cpu_began = cpu();
        }
        double t0 = now();
        const uint16_t *point = (i & 1) ? start : nudged;
        int ok = combined ? modbus_write_and_read_registers(context, 0, 20, point, 20, 20, readings) == 20
                          : modbus_write_registers(context, 0, 20, point) == 20 &&
                                modbus_read_input_registers(context, 0, 20, readings) == 20;
        if (!ok) {
            fprintf(stderr, "step failed: %s\n", modbus_strerror(errno));
            return 1;
        }
        if (i >= 0) durations[i] = now() - t0;
    }
    double total = now() - began, cpu_total = cpu() - cpu_began;
    modbus_write_registers(context, 0, 20, start);
    qsort(durations, (size_t)steps, sizeof(double), ascending);
    printf("{\"steps\": %d, \"steps_per_second\": %.3f, \"median_microseconds\": %.3f, \"p99_microseconds\": %.3f, "
           "\"cpu_microseconds\": %.3f}\n",
           steps, steps / total, durations[steps / 2] * 1e6, durations[(int)(steps * 0.99)] * 1e6,
           cpu_total / steps * 1e6);
    modbus_close(context);
    modbus_free(context);
    free(durations);
    return 0;
}
