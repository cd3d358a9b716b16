using PoseML.Core;
using PoseML.Vision.Images.Decoding;

namespace PoseML.Vision.Images.Files;

/// <summary>Unlabelled images from a file or a folder (<c>mlContext.Data.LoadImageFiles</c>): each image is
/// letterboxed whole into the square (longer side fills it, black bands), Keypoints2D and Pose3D NaN,
/// Visibility 0, Subject = the folder's name, Action = the file name, Camera −1, Frame = the file's index.</summary>
public static class ImageFiles
{
    /// <summary>File extensions read from a folder (case-insensitive).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif"];

    /// <summary>The view of one image file, or of every image in a folder (not its sub-folders; ordinal name order).</summary>
    /// <exception cref="InvalidOptionException">The path is neither a file nor a folder, or the folder has no images.</exception>
    public static ImageListDataView Load(string pathOrFolder, int size, ImageDecodeOptions? decode = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrFolder);
        string[] files;
        string subject;
        if (Directory.Exists(pathOrFolder))
        {
            files = Directory.GetFiles(pathOrFolder)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToArray();
            if (files.Length == 0)
                throw new InvalidOptionException("images", $"'{pathOrFolder}' holds no images; expected files ending in {string.Join(", ", Extensions)}");
            subject = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(pathOrFolder)));
        }
        else if (File.Exists(pathOrFolder))
        {
            files = [pathOrFolder];
            subject = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(pathOrFolder))) ?? "";
        }
        else throw new InvalidOptionException("images", $"'{pathOrFolder}' is neither an image file nor a folder");
        return new ImageListDataView(files.Select((f, i) => new ImageEntry(f, null, null, null, null, subject, Path.GetFileName(f), -1, i)), size, decode);
    }
}
