/* monitor_peer.c - who may watch the kiosk: root, the kiosk's own user,
 * and members of the staff group (primary or supplementary, from the
 * system's user and group databases). Decided from the credentials the
 * kernel gives for the connected peer, never from anything it says. */
#include "build-config.h"
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>
#include "monitor.h"

/* Whether the user is a member of gid by the group database. */
static bool peer_member(uid_t uid, gid_t primary, gid_t gid)
{
	struct passwd *pw = getpwuid(uid);
	gid_t groups[64];
	int n = (int)(sizeof groups / sizeof groups[0]);

	if (primary == gid)
		return true;
	if (!pw || getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) < 0)
		return false;       /* too many groups counts as not found */
	for (int i = 0; i < n; i++)
		if (groups[i] == gid)
			return true;
	return false;
}

bool monitor_peer_allowed(uid_t uid, gid_t gid, const char *group)
{
	struct group *gr;

	if (uid == 0 || uid == geteuid())
		return true;
	if (!group || !*group || !(gr = getgrnam(group)))
		return false;
	return peer_member(uid, gid, gr->gr_gid);
}
