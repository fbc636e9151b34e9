// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_detach_race BDF ROUNDS: runs in the test VM (L1), no L2 guest. It is
 * the device request of tests/vmm/device_request.sh as a VMM without a guest
 * meets it, ROUNDS times over:
 *
 *   a user holds a VFIO container with the type1 IOMMU, the device's group
 *   and the device, and one of its threads maps and unmaps DMA on the
 *   container without pause; a child unbinds the device from vfio-pci; the
 *   user receives the device request and closes the device, as QEMU does
 *   once its guest has ejected it; the unbind then removes the device and,
 *   the group's last one gone, detaches the group from the container and
 *   releases the type1 IOMMU, while the mapping thread goes on.
 *
 * Every container ioctl must either work (before the detach) or fail with
 * EINVAL (after it: the container has no IOMMU driver any more), and the
 * unbind must return. A container ioctl that uses the IOMMU's data while the
 * detach frees it is a use-after-free that KASAN reports in the kernel log,
 * which the harness's log gate fails. After each round the device is bound
 * to vfio-pci again. TAP output, one line a round.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/vfio.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DMA_IOVA	0x100000ULL
#define DMA_SIZE	(64 * 1024)
#define REQUEST_TIMEOUT_MS 30000
#define UNBIND_TIMEOUT_S 60
/* How long the mapping thread goes on after the unbind returned. */
#define AFTER_UNBIND_MS	50

static const char *bdf;

struct mapper {
	int container;
	void *buf;
	atomic_int stop;
	/* Written by the mapping thread, read after it is joined. */
	unsigned long done, einval;
	int bad_errno;		/* the first errno other than EINVAL */
	const char *bad_op;
};

static void bail(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(1);
}

static void sysfs_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		bail(path);
	close(fd);
}

/* The group of BDF, as /dev/vfio/N. */
static void group_path(char *buf, size_t len)
{
	char link[256], target[256];
	ssize_t n;

	snprintf(link, sizeof(link), "/sys/bus/pci/devices/%s/iommu_group", bdf);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		bail(link);
	target[n] = 0;
	snprintf(buf, len, "/dev/vfio/%s", strrchr(target, '/') + 1);
}

/* One container ioctl; counts it, or remembers an unexpected errno. */
static void container_op(struct mapper *m, unsigned long req, void *arg,
			 const char *name)
{
	if (!ioctl(m->container, req, arg)) {
		m->done++;
		return;
	}
	if (errno == EINVAL) {
		m->einval++;
		return;
	}
	if (!m->bad_errno) {
		m->bad_errno = errno;
		m->bad_op = name;
	}
}

static void *map_unmap(void *arg)
{
	struct mapper *m = arg;
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)m->buf,
		.iova = DMA_IOVA,
		.size = DMA_SIZE,
	};
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = DMA_IOVA,
		.size = DMA_SIZE,
	};

	while (!atomic_load(&m->stop)) {
		container_op(m, VFIO_IOMMU_MAP_DMA, &map, "VFIO_IOMMU_MAP_DMA");
		container_op(m, VFIO_IOMMU_UNMAP_DMA, &unmap, "VFIO_IOMMU_UNMAP_DMA");
	}
	return NULL;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* One round; returns 1 if it passed. */
static int unbind_round(int round, void *buf)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char irqbuf[sizeof(struct vfio_irq_set) + sizeof(int32_t)];
	struct vfio_irq_set *irq = (struct vfio_irq_set *)irqbuf;
	struct mapper m = { .buf = buf };
	struct pollfd pfd;
	struct timespec t0;
	char group[64];
	int grp, dev, req, status_child = 0;
	pthread_t thread;
	pid_t child;
	long unbind_ms;
	int ok = 1;

	group_path(group, sizeof(group));
	m.container = open("/dev/vfio/vfio", O_RDWR);
	if (m.container < 0)
		bail("/dev/vfio/vfio");
	grp = open(group, O_RDWR);
	if (grp < 0)
		bail(group);
	if (ioctl(grp, VFIO_GROUP_GET_STATUS, &status) ||
	    !(status.flags & VFIO_GROUP_FLAGS_VIABLE))
		bail("VFIO_GROUP_GET_STATUS: group not viable");
	if (ioctl(grp, VFIO_GROUP_SET_CONTAINER, &m.container))
		bail("VFIO_GROUP_SET_CONTAINER");
	if (ioctl(m.container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		bail("VFIO_SET_IOMMU");
	dev = ioctl(grp, VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (dev < 0)
		bail("VFIO_GROUP_GET_DEVICE_FD");

	/* The device request, as an eventfd. */
	req = eventfd(0, EFD_CLOEXEC);
	if (req < 0)
		bail("eventfd");
	irq->argsz = sizeof(irqbuf);
	irq->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	irq->index = VFIO_PCI_REQ_IRQ_INDEX;
	irq->start = 0;
	irq->count = 1;
	memcpy(irq->data, &req, sizeof(int32_t));
	if (ioctl(dev, VFIO_DEVICE_SET_IRQS, irq))
		bail("VFIO_DEVICE_SET_IRQS (request)");

	if (pthread_create(&thread, NULL, map_unmap, &m))
		bail("pthread_create");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	child = fork();
	if (child < 0)
		bail("fork");
	if (!child) {
		/* Blocks until the user has let the device go. */
		sysfs_write("/sys/bus/pci/drivers/vfio-pci/unbind", bdf);
		_exit(0);
	}

	pfd.fd = req;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, REQUEST_TIMEOUT_MS) != 1) {
		printf("# round %d: no device request within %d ms\n", round,
		       REQUEST_TIMEOUT_MS);
		ok = 0;
	}
	/* What QEMU does once its guest has ejected the device. */
	close(dev);
	close(req);

	while (waitpid(child, &status_child, WNOHANG) == 0) {
		if (ms_since(&t0) > UNBIND_TIMEOUT_S * 1000) {
			printf("# round %d: the unbind did not return within %d s\n",
			       round, UNBIND_TIMEOUT_S);
			kill(child, SIGKILL);
			waitpid(child, &status_child, 0);
			ok = 0;
			break;
		}
		usleep(1000);
	}
	unbind_ms = ms_since(&t0);
	usleep(AFTER_UNBIND_MS * 1000);
	atomic_store(&m.stop, 1);
	pthread_join(thread, NULL);

	if (!WIFEXITED(status_child) || WEXITSTATUS(status_child)) {
		printf("# round %d: the unbind failed\n", round);
		ok = 0;
	}
	if (m.bad_errno) {
		printf("# round %d: %s failed with %s, want success or EINVAL\n",
		       round, m.bad_op, strerror(m.bad_errno));
		ok = 0;
	}
	/* After the detach the container has no driver: EINVAL only. */
	if (!m.einval) {
		printf("# round %d: no container ioctl saw the detach\n", round);
		ok = 0;
	}
	printf("# round %d: unbind in %ld ms, %lu ioctls worked, %lu failed with EINVAL\n",
	       round, unbind_ms, m.done, m.einval);

	close(grp);
	close(m.container);

	/* Bound again for the next round (driver_override stays vfio-pci). */
	sysfs_write("/sys/bus/pci/drivers_probe", bdf);
	return ok;
}

int main(int argc, char **argv)
{
	int rounds, i, failed = 0;
	void *buf;

	if (argc != 3) {
		fprintf(stderr, "usage: %s BDF ROUNDS\n", argv[0]);
		return 2;
	}
	bdf = argv[1];
	rounds = atoi(argv[2]);
	buf = mmap(NULL, DMA_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (buf == MAP_FAILED)
		bail("mmap");

	printf("TAP version 13\n1..%d\n", rounds);
	fflush(stdout);
	for (i = 1; i <= rounds; i++) {
		int ok = unbind_round(i, buf);

		printf("%sok %d unbind during container DMA ioctls, round %d\n",
		       ok ? "" : "not ", i, i);
		fflush(stdout);
		failed += !ok;
	}
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       rounds - failed, failed);
	return failed ? 1 : 0;
}
