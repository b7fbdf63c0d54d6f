using System.IO;

namespace MlopsAnalyzers.Abstractions.Storage;

/// <summary>
/// The link policy of the file stores: the root folder itself may be a symbolic link (or a junction), but nothing
/// inside it may be, so that no read or write of the registry or the tracker lands outside the root.
/// </summary>
internal static class FileLinks
{
    /// <summary>True when <paramref name="path"/> exists as a symbolic link or another reparse point (a dangling link counts).</summary>
    public static bool IsLink(string path)
    {
        try
        {
            return (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The sentence the stores' errors use for a refused link.</summary>
    public static string Refusal(string path, string what)
        => $"{what} '{path}' is a symbolic link; links inside a registry or tracking root are refused, so that nothing is read or written outside the root. Replace it with a real file or folder, or point the root itself at the other location.";
}
