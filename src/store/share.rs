//! Is the database's folder on a network file system? SQLite's write-ahead log (WAL), which the
//! store uses, keeps its index in shared memory (the `-shm` file, mapped by every connection);
//! network file systems do not give processes on different machines a shared mapping, nor
//! reliable locks, so two writers can corrupt the file. A database there is not opened for
//! writing (`docs/database.md`, "On a network share").
//!
//! The verdict is a pure function of what the operating system reports ([`network_fs`],
//! [`mount_type_of`], [`is_unc`]); only [`network_share_of`] asks the operating system.

use std::path::Path;

/// `statfs(2)` `f_type` magic numbers (linux/magic.h and the file systems' own headers).
const NFS: u32 = 0x6969;
const SMB: u32 = 0x517B;
const SMB2: u32 = 0xFE53_4D42;
const CIFS: u32 = 0xFF53_4D42;
const V9FS: u32 = 0x0102_1997;
const CODA: u32 = 0x7375_7245;
const AFS: u32 = 0x5346_414F;
const KAFS: u32 = 0x6B41_4653;
const CEPH: u32 = 0x00C3_6400;
const NCP: u32 = 0x564C;
const LUSTRE: u32 = 0x0BD0_0BD0;
/// FUSE: local (ntfs-3g, an AppImage, an encrypted folder) or remote (sshfs, rclone): the
/// mount table names which ([`mount_type_of`]).
pub const FUSE: u32 = 0x6573_5546;

/// FUSE file systems, by the subtype in the mount table (`fuse.sshfs`), that reach another machine.
const REMOTE_FUSE: [&str; 12] =
    ["sshfs", "rclone", "s3fs", "gcsfuse", "goofys", "curlftpfs", "glusterfs", "smbnetfs", "davfs", "cifs", "nfs", "gvfsd-fuse"];

/// The network file system a folder is on, by `statfs`'s `f_type` and, for FUSE, the type the
/// mount table names (`fuse.sshfs`); `None` for a local file system, or a FUSE one not known to
/// be remote.
pub fn network_fs(f_type: u32, mount_type: Option<&str>) -> Option<&'static str> {
    match f_type {
        NFS => Some("NFS"),
        SMB | SMB2 | CIFS => Some("SMB/CIFS"),
        V9FS => Some("9p"),
        CODA => Some("Coda"),
        AFS | KAFS => Some("AFS"),
        CEPH => Some("Ceph"),
        NCP => Some("NCP"),
        LUSTRE => Some("Lustre"),
        FUSE => {
            let sub = mount_type?.strip_prefix("fuse.").or(mount_type)?;
            REMOTE_FUSE.iter().find(|r| **r == sub).map(|_| match sub {
                "sshfs" => "sshfs",
                "rclone" => "rclone",
                "davfs" => "WebDAV",
                _ => "FUSE (nätverk)",
            })
        }
        _ => None,
    }
}

/// The file system type of the mount that holds `folder` (an absolute, canonical path), from
/// the text of `/proc/self/mountinfo`: the mount with the longest mount point that is a prefix
/// of the folder. Mount points escape a space as `\040`.
pub fn mount_type_of(mountinfo: &str, folder: &Path) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        let Some((left, right)) = line.split_once(" - ") else { continue };
        let Some(point) = left.split(' ').nth(4) else { continue };
        let point = point.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
        let Some(fs_type) = right.split(' ').next() else { continue };
        if folder.starts_with(&point) && best.as_ref().is_none_or(|(len, _)| point.len() >= *len) {
            best = Some((point.len(), fs_type.to_string()));
        }
    }
    best.map(|(_, t)| t)
}

/// A Windows UNC path (`\\server\share\…`, `\\?\UNC\server\share\…`): a network share. A local
/// path in the `\\?\C:\…` form is not one.
pub fn is_unc(path: &str) -> bool {
    let p = path.replace('/', "\\");
    if let Some(rest) = p.strip_prefix("\\\\?\\").or_else(|| p.strip_prefix("\\\\.\\")) {
        return rest.get(..4).is_some_and(|head| head.eq_ignore_ascii_case("UNC\\"));
    }
    p.starts_with("\\\\")
}

/// The network file system that `folder` is on, where this operating system lets us tell
/// (Linux: `statfs` and the mount table; Windows: a UNC path; elsewhere: not detected).
pub fn network_share_of(folder: &Path) -> Option<String> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let folder = std::fs::canonicalize(folder).ok()?;
        let c = std::ffi::CString::new(folder.as_os_str().as_bytes()).ok()?;
        // SAFETY: `c` is a NUL-terminated path; `s` is a plain C struct statfs fills in.
        let mut s: libc::statfs = unsafe { std::mem::zeroed() };
        if unsafe { libc::statfs(c.as_ptr(), &mut s) } != 0 {
            return None;
        }
        let f_type = s.f_type as u32;
        let mount_type = if f_type == FUSE {
            std::fs::read_to_string("/proc/self/mountinfo").ok().and_then(|m| mount_type_of(&m, &folder))
        } else {
            None
        };
        network_fs(f_type, mount_type.as_deref()).map(str::to_string)
    }
    #[cfg(windows)]
    {
        let text = folder.to_string_lossy();
        let absolute = std::path::absolute(folder).map(|p| p.to_string_lossy().to_string()).unwrap_or_else(|_| text.to_string());
        (is_unc(&text) || is_unc(&absolute)).then(|| "SMB".to_string())
    }
    #[cfg(not(any(target_os = "linux", windows)))]
    {
        let _ = folder;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_file_systems_are_told_from_local_ones_by_their_magic() {
        for (magic, name) in [
            (0x6969, "NFS"),
            (0x517B, "SMB/CIFS"),
            (0xFE53_4D42, "SMB/CIFS"),
            (0xFF53_4D42, "SMB/CIFS"),
            (0x0102_1997, "9p"),
            (0x5346_414F, "AFS"),
            (0x00C3_6400, "Ceph"),
        ] {
            assert_eq!(network_fs(magic, None), Some(name), "{magic:#x}");
        }
        // ext4, btrfs, xfs, tmpfs, overlayfs, zfs: local.
        for magic in [0xEF53, 0x9123_683E, 0x5846_5342, 0x0102_1994, 0x794C_7630, 0x2FC1_2FC1] {
            assert_eq!(network_fs(magic, None), None, "{magic:#x}");
        }
        // The f_type of a 32-bit statfs is signed: the cast keeps the bits.
        assert_eq!(network_fs(-11317950_i32 as u32, None), Some("SMB/CIFS"));
    }

    #[test]
    fn fuse_is_a_network_share_only_when_the_mount_table_names_a_remote_one() {
        assert_eq!(network_fs(FUSE, Some("fuse.sshfs")), Some("sshfs"));
        assert_eq!(network_fs(FUSE, Some("fuse.rclone")), Some("rclone"));
        assert_eq!(network_fs(FUSE, Some("fuse.s3fs")), Some("FUSE (nätverk)"));
        assert_eq!(network_fs(FUSE, Some("fuseblk")), None, "ntfs-3g");
        assert_eq!(network_fs(FUSE, Some("fuse.gocryptfs")), None);
        assert_eq!(network_fs(FUSE, None), None, "unknown: not refused");
        let mountinfo = "\
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
40 27 0:50 / /home/anna/fjärr rw,nosuid - fuse.sshfs anna@server:/data rw,user_id=1000
41 27 0:51 / /home/anna/fjärr/lokal\\040mapp rw - ext4 /dev/vdb rw
42 27 0:52 / /mnt/nfs rw - nfs4 server:/export rw";
        assert_eq!(mount_type_of(mountinfo, Path::new("/home/anna/fjärr/upphandling")).as_deref(), Some("fuse.sshfs"));
        assert_eq!(mount_type_of(mountinfo, Path::new("/home/anna/fjärr/lokal mapp/x")).as_deref(), Some("ext4"));
        assert_eq!(mount_type_of(mountinfo, Path::new("/home/anna/fjärran")).as_deref(), Some("ext4"), "not a prefix by path");
        assert_eq!(mount_type_of(mountinfo, Path::new("/mnt/nfs")).as_deref(), Some("nfs4"));
    }

    #[test]
    fn unc_paths_are_network_shares() {
        assert!(is_unc(r"\\server\delad\anbud.sqlite"));
        assert!(is_unc(r"\\?\UNC\server\delad\anbud.sqlite"));
        assert!(is_unc("//server/delad/anbud.sqlite"));
        assert!(!is_unc(r"\\?\C:\Users\anna\anbud.sqlite"));
        assert!(!is_unc(r"C:\Users\anna\anbud.sqlite"));
        assert!(!is_unc("/home/anna/anbud.sqlite"));
    }

    #[test]
    fn a_local_temporary_folder_is_not_a_network_share() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(network_share_of(dir.path()), None);
    }
}
