// SPDX-License-Identifier: GPL-2.0-only
/*
 * edu_intx BDF ROUNDS: runs in the L2 guest of tests/vmm/vfio_intx.sh. QEMU's
 * "edu" device, assigned to L2 with vfio-pci and bound there to
 * uio_pci_generic, raises its level INTx ROUNDS times, one at a time; each
 * round is what a driver of a level-triggered device does:
 *
 *   raise (edu register 0x60) -> the interrupt arrives: uio_pci_generic's
 *   handler masks it in the device (PCI 2.3 INTx disable) and the guest EOIs
 *   -> read() on /dev/uioN returns the new event count -> acknowledge (0x64,
 *   the device lowers the line) -> clear INTx disable in the command register.
 *
 * On the host side every round is an assert through a resample irqfd, the
 * guest's EOI, KVM's de-assert and resamplefd notification, and vfio-pci's
 * unmask. A round passes if exactly one interrupt arrived within 5 s of the
 * raise; after the last one no further interrupt may arrive. Prints the
 * rate and exits 0, or prints "L2: FAIL ..." and exits 1.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define EDU_IDENT	0x00
#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_RAISE	0x60
#define EDU_IRQ_ACK	0x64
#define EDU_IRQ_BIT	0x1

#define PCI_COMMAND		0x04
#define PCI_COMMAND_INTX_DISABLE 0x400

#define ROUND_TIMEOUT_MS 5000

static volatile uint32_t *bar0;
static int cfg_fd;

static void __attribute__((format(printf, 1, 2))) fail(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	printf("L2: FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (%s)\n", err ? strerror(err) : "no error");
	exit(1);
}

static uint32_t edu_read(unsigned int reg)
{
	return bar0[reg / 4];
}

static void edu_write(unsigned int reg, uint32_t val)
{
	bar0[reg / 4] = val;
}

/* The device's own INTx enable, in its command register (config space). */
static void intx_enable(unsigned long round)
{
	uint16_t cmd;

	if (pread(cfg_fd, &cmd, sizeof(cmd), PCI_COMMAND) != sizeof(cmd))
		fail("round %lu: cannot read the command register", round);
	cmd &= ~PCI_COMMAND_INTX_DISABLE;
	if (pwrite(cfg_fd, &cmd, sizeof(cmd), PCI_COMMAND) != sizeof(cmd))
		fail("round %lu: cannot write the command register", round);
}

/* The /dev/uioN of the device at BDF. */
static int open_uio(const char *bdf)
{
	char path[300];
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/uio", bdf);
	dir = opendir(path);
	if (!dir)
		fail("no uio device for the edu device");
	while ((d = readdir(dir)))
		if (!strncmp(d->d_name, "uio", 3))
			break;
	if (!d)
		fail("no uio device for the edu device");
	snprintf(path, sizeof(path), "/dev/%s", d->d_name);
	closedir(dir);
	return open(path, O_RDONLY);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned long rounds, r;
	uint32_t count, first, stale;
	struct pollfd pfd;
	char path[256];
	double t0;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s BDF ROUNDS\n", argv[0]);
		return 2;
	}
	rounds = strtoul(argv[2], NULL, 0);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource0", argv[1]);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0)
		fail("cannot open BAR 0");
	bar0 = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (bar0 == MAP_FAILED)
		fail("cannot map BAR 0");
	if ((edu_read(EDU_IDENT) & 0xff) != 0xed)
		fail("BAR 0 is not an edu device");
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", argv[1]);
	cfg_fd = open(path, O_RDWR);
	if (cfg_fd < 0)
		fail("cannot open the config space");
	pfd.fd = open_uio(argv[1]);
	pfd.events = POLLIN;
	if (pfd.fd < 0)
		fail("cannot open the uio device");

	/* uio's event count so far: none, unless an interrupt came unasked. */
	if (poll(&pfd, 1, 0) != 0)
		fail("an interrupt before the first raise");
	/*
	 * edu has no reset: a raise that a killed QEMU left unacknowledged
	 * survives into this guest and would fire once INTx is enabled.
	 */
	stale = edu_read(EDU_IRQ_STATUS);
	if (stale) {
		printf("L2: edu status %#x at start, left by its last user: acknowledged\n",
		       stale);
		edu_write(EDU_IRQ_ACK, stale);
	}
	first = 0;
	intx_enable(0);
	t0 = now_s();
	for (r = 1; r <= rounds; r++) {
		edu_write(EDU_IRQ_RAISE, EDU_IRQ_BIT);
		errno = 0;
		if (poll(&pfd, 1, ROUND_TIMEOUT_MS) != 1)
			fail("round %lu: no interrupt within 5 s of the raise (lost)", r);
		if (read(pfd.fd, &count, sizeof(count)) != sizeof(count))
			fail("round %lu: cannot read the uio event count", r);
		if (r == 1)
			first = count - 1;
		if (count - first != r) {
			printf("L2: round %lu: uio counted %u interrupts\n",
			       r, count - first);
			fail("round %lu: not exactly one interrupt per raise", r);
		}
		if (!(edu_read(EDU_IRQ_STATUS) & EDU_IRQ_BIT))
			fail("round %lu: interrupt with the device's status clear", r);
		edu_write(EDU_IRQ_ACK, EDU_IRQ_BIT);
		intx_enable(r);
	}
	t0 = now_s() - t0;
	/* Nothing may follow the last acknowledge. */
	if (poll(&pfd, 1, 500) != 0)
		fail("an interrupt after the last round, none raised");
	printf("L2: %lu INTx round trips in %.1f s (%.0f/s)\n",
	       rounds, t0, rounds / t0);
	return 0;
}
