using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.Formats;
using PoseML.Data.View;

namespace PoseML.Data.Catalog;

/// <summary>The shipped CMU motion-capture sample (<c>datasets/cmu</c>, see its README and
/// ATTRIBUTION): every <c>poses/*.csv</c> pose table, in file-name order, as one lazy view.</summary>
public static class CmuSample
{
    /// <summary>Name of the dataset in the catalog.</summary>
    public const string Name = "cmu";

    /// <summary>The <c>datasets/cmu</c> folder (see <see cref="Datasets.LocateFolder(string)"/>).</summary>
    public static string Folder => Datasets.LocateFolder(Name);

    /// <summary>All takes concatenated: Subject (<c>CMU01</c>…), Action (<c>Jump 01</c>…), Camera (-1),
    /// Frame (0-based per take, 30 fps) and Pose3D [17,3] (Human3.6M-17, world frame, Y up, mm).
    /// Rows are parsed while the view is read.</summary>
    /// <exception cref="DataFormatException">The folder or its pose tables are missing or malformed.</exception>
    public static IDataView Load()
    {
        var poses = Path.Combine(Folder, "poses");
        var files = Directory.Exists(poses) ? Directory.GetFiles(poses, "*.csv") : [];
        if (files.Length == 0) throw new DataFormatException(poses, "no pose tables (*.csv) in the CMU sample's poses folder");
        Array.Sort(files, StringComparer.Ordinal);
        var options = new PoseCsvReadOptions { Skeleton = Skeletons.Human36M17 };
        var views = files.Select(f => (IDataView)PoseCsv.Read(f, options)).ToArray();
        return views.Length == 1 ? views[0] : views[0].Concat(views[1..]);
    }
}
