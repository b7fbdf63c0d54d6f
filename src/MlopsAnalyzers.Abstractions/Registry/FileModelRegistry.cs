using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions.Storage;

namespace MlopsAnalyzers.Abstractions;

/// <summary>
/// A model registry in a folder: one folder per model name, one per version, each holding the ML.NET model file
/// (<c>model.zip</c>), its metadata (<c>metadata.json</c>) and any extra artifacts (<c>artifacts/</c>); a model's
/// aliases are in its <c>aliases.json</c>.
/// <code>
/// root/
///   house-prices/
///     aliases.json            {"production": 2}
///     1/  model.zip  metadata.json
///     2/  model.zip  metadata.json  artifacts/baseline.json
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// A version is written in a temporary folder (<c>.tmp-*</c>) and published by renaming that folder to its number.
/// The rename is atomic and fails when the number is taken, so it is also how a version number is claimed: two
/// threads or processes that register the same name at once both succeed, with distinct numbers, and no lock is
/// held while a model is written. A crash never leaves a half-written version visible; leftover temporary folders are
/// ignored, and removed by a later registration once their writer's lock on <c>&lt;folder&gt;.lock</c> is free (the
/// operating system frees it when the writer dies, in whatever container or PID namespace it ran), or after a day for
/// a folder without a lock file.
/// </para>
/// <para>
/// Links: the root may be a symbolic link, but links inside it (model and version folders, <c>.lock</c>,
/// <c>aliases.json</c>, <c>metadata.json</c>, <c>model.zip</c>, artifacts) are refused with an error, so that nothing
/// is read or written outside the root. Version numbers go up to 999,999,999.
/// </para>
/// <para>
/// Alias updates are serialized by an exclusive lock on the model's <c>.lock</c> file (released by the operating
/// system if the process dies) and written by atomic replacement. The root may be a shared folder, as long as its
/// file system supports atomic renames and file locks.
/// </para>
/// </remarks>
public sealed class FileModelRegistry : IAsyncModelRegistry
{
    /// <summary>The model file in each version folder.</summary>
    public const string ModelFileName = "model.zip";

    /// <summary>The metadata file in each version folder.</summary>
    public const string MetadataFileName = "metadata.json";

    /// <summary>The folder of extra artifacts in a version folder.</summary>
    public const string ArtifactsFolderName = "artifacts";

    /// <summary>The alias file in each model folder.</summary>
    public const string AliasesFileName = "aliases.json";

    private const string LockFileName = ".lock";
    private const string TemporaryPrefix = ".tmp-";
    private static readonly TimeSpan ForeignTemporaryLifetime = TimeSpan.FromDays(1);

    /// <summary>Creates a registry rooted at <paramref name="rootDirectory"/> (created on the first registration).</summary>
    public FileModelRegistry(string rootDirectory)
    {
        if (string.IsNullOrWhiteSpace(rootDirectory))
        {
            throw new ArgumentException("The registry root folder is empty.", nameof(rootDirectory));
        }

        RootDirectory = Path.GetFullPath(rootDirectory);
    }

    /// <summary>The full path of the root folder.</summary>
    public string RootDirectory { get; }

    /// <summary>How long alias updates wait for another writer's lock (30 s; tests shorten it).</summary>
    internal TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public ModelVersion Register(MLContext mlContext, string name, ITransformer model, DataViewSchema inputSchema, ModelRegistration? registration = null)
    {
        registration = RegistryCore.ValidateRegistration(mlContext, name, model, inputSchema, registration);
        var modelDirectory = CreateModelDirectory(name);
        RemoveStaleTemporaryFolders(modelDirectory);
        RefuseExhaustedNumbers(name, VersionNumbers(name));

        // The temporary folder's lock is held until it is published or removed: it is how other writers tell a live
        // registration from a dead one, whatever process-ID namespace each runs in.
        var temporary = Path.Combine(modelDirectory, $"{TemporaryPrefix}{CurrentProcessId}-{Guid.NewGuid():N}-{Environment.MachineName}");
        var temporaryLock = OpenExclusive(temporary + LockFileName, FileMode.CreateNew);
        try
        {
            Directory.CreateDirectory(temporary);
            var document = WriteVersionContent(temporary, mlContext, name, model, inputSchema, registration);

            // Everything that can refuse the aliases (their lock, a corrupt alias file) is checked before publishing:
            // a registration either fails with nothing published, or succeeds.
            using var aliasLock = registration.Aliases.Count > 0 ? AcquireLock(name) : null;
            var aliases = ReadAliases(name);
            var version = Publish(modelDirectory, temporary, document);
            if (registration.Aliases.Count > 0)
            {
                aliases = SetAliasesAfterPublishing(name, version, registration.Aliases, aliases);
            }

            return RegistryCore.ToModelVersion(document, aliases, VersionDirectory(name, version));
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                TryDeleteDirectory(temporary);
            }

            temporaryLock.Dispose();
            TryDeleteFile(temporary + LockFileName);
        }
    }

    /// <inheritdoc />
    public ITransformer Load(MLContext mlContext, string name, string versionOrAlias, out DataViewSchema inputSchema)
    {
        if (mlContext is null)
        {
            throw new ArgumentNullException(nameof(mlContext));
        }

        var version = ResolveVersion(name, versionOrAlias);
        var bytes = ReadModelFile(name, version, out var modelPath);
        return RegistryCore.LoadModel(mlContext, bytes, modelPath, name, version, out inputSchema);
    }

    /// <inheritdoc />
    public byte[] ReadModelFile(string name, string versionOrAlias) => ReadModelFile(name, ResolveVersion(name, versionOrAlias), out _);

    /// <inheritdoc />
    public ModelVersion GetVersion(string name, string versionOrAlias)
    {
        var version = ResolveVersion(name, versionOrAlias);
        return ReadVersion(name, version, ReadAliases(name));
    }

    /// <inheritdoc />
    public IReadOnlyList<ModelVersion> ListVersions(string name)
    {
        RegistryNames.ValidateModelName(name);
        var aliases = ReadAliases(name);
        return VersionNumbers(name).Select(v => ReadVersion(name, v, aliases)).ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ListModels()
    {
        if (!Directory.Exists(RootDirectory))
        {
            return Array.Empty<string>();
        }

        return Directory.GetDirectories(RootDirectory)
            .Select(Path.GetFileName)
            .Where(n => RegistryNames.IsValidModelName(n) && VersionNumbers(n!).Count > 0)
            .Select(n => n!)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
    public void SetAlias(string name, string alias, int version)
    {
        RegistryNames.ValidateModelName(name);
        RegistryNames.ValidateAlias(alias);
        if (!VersionNumbers(name).Contains(version))
        {
            throw new ModelNotFoundException($"Model '{name}' has no version {version} in '{RootDirectory}'{DescribeVersions(name)}.");
        }

        using (AcquireLock(name))
        {
            var aliases = ReadAliases(name);
            aliases[alias] = version;
            VersionMetadataFile.WriteAliases(AliasesPath(name), aliases);
        }
    }

    /// <inheritdoc />
    public bool RemoveAlias(string name, string alias)
    {
        RegistryNames.ValidateModelName(name);
        RegistryNames.ValidateAlias(alias);
        if (!Directory.Exists(CheckedModelDirectory(name)))
        {
            return false;
        }

        using (AcquireLock(name))
        {
            var aliases = ReadAliases(name);
            if (!aliases.Remove(alias))
            {
                return false;
            }

            VersionMetadataFile.WriteAliases(AliasesPath(name), aliases);
            return true;
        }
    }

    /// <inheritdoc />
    public byte[] ReadArtifact(string name, string versionOrAlias, string artifactName)
    {
        RegistryNames.ValidateArtifactName(artifactName);
        var version = ResolveVersion(name, versionOrAlias);
        var directory = VersionDirectory(name, version);
        var document = ReadMetadata(directory, name, version);
        var entry = document.Artifacts?.FirstOrDefault(a => a.Name == artifactName)
            ?? throw new ModelNotFoundException($"Version {version} of model '{name}' has no artifact '{artifactName}'.");
        var artifactDirectory = Path.Combine(directory, ArtifactsFolderName);
        RefuseLink(artifactDirectory, "The artifact folder");
        return ReadVerified(Path.Combine(artifactDirectory, artifactName), entry, $"The artifact '{artifactName}' of version {version} of model '{name}'");
    }

    /// <inheritdoc />
    public Task<ModelVersion> RegisterAsync(MLContext mlContext, string name, ITransformer model, DataViewSchema inputSchema, ModelRegistration? registration = null, CancellationToken cancellationToken = default)
        => Task.Run(() => Register(mlContext, name, model, inputSchema, registration), cancellationToken);

    /// <inheritdoc />
    public Task<LoadedModel> LoadAsync(MLContext mlContext, string name, string versionOrAlias, CancellationToken cancellationToken = default)
        => Task.Run(() => new LoadedModel(Load(mlContext, name, versionOrAlias, out var schema), schema), cancellationToken);

    /// <inheritdoc />
    public Task<ModelVersion> GetVersionAsync(string name, string versionOrAlias, CancellationToken cancellationToken = default)
        => Task.Run(() => GetVersion(name, versionOrAlias), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default)
        => Task.Run(() => ListVersions(name), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
        => Task.Run(ListModels, cancellationToken);

    /// <inheritdoc />
    public Task SetAliasAsync(string name, string alias, int version, CancellationToken cancellationToken = default)
        => Task.Run(() => SetAlias(name, alias, version), cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
        => Task.Run(() => RemoveAlias(name, alias), cancellationToken);

    /// <inheritdoc />
    public Task<byte[]> ReadArtifactAsync(string name, string versionOrAlias, string artifactName, CancellationToken cancellationToken = default)
        => Task.Run(() => ReadArtifact(name, versionOrAlias, artifactName), cancellationToken);

    /// <inheritdoc />
    public Task<byte[]> ReadModelFileAsync(string name, string versionOrAlias, CancellationToken cancellationToken = default)
        => Task.Run(() => ReadModelFile(name, versionOrAlias), cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"File model registry at '{RootDirectory}'";

    private static int CurrentProcessId { get; } = Process.GetCurrentProcess().Id;

    private string ModelDirectory(string name) => Path.Combine(RootDirectory, name);

    private string VersionDirectory(string name, int version) => Path.Combine(RootDirectory, name, version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private string AliasesPath(string name) => Path.Combine(RootDirectory, name, AliasesFileName);

    private VersionMetadataFile.Document WriteVersionContent(string directory, MLContext mlContext, string name, ITransformer model, DataViewSchema inputSchema, ModelRegistration registration)
    {
        var modelPath = Path.Combine(directory, ModelFileName);
        using (var stream = new FileStream(modelPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            mlContext.Model.Save(model, inputSchema, stream);
            stream.Flush(flushToDisk: true);
        }

        VersionMetadataFile.FileEntry modelEntry;
        using (var stream = File.OpenRead(modelPath))
        {
            modelEntry = new VersionMetadataFile.FileEntry { Name = ModelFileName, Length = stream.Length, Sha256 = Hashing.Sha256Hex(stream) };
        }

        var artifacts = new List<VersionMetadataFile.FileEntry>();
        if (registration.Artifacts.Count > 0)
        {
            var artifactDirectory = Path.Combine(directory, ArtifactsFolderName);
            Directory.CreateDirectory(artifactDirectory);
            foreach (var artifact in registration.Artifacts.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                VersionMetadataFile.WriteDurably(Path.Combine(artifactDirectory, artifact.Key), artifact.Value);
                artifacts.Add(new VersionMetadataFile.FileEntry { Name = artifact.Key, Length = artifact.Value.LongLength, Sha256 = Hashing.Sha256Hex(artifact.Value) });
            }
        }

        return RegistryCore.NewDocument(name, inputSchema, registration, modelEntry, artifacts);
    }

    /// <summary>
    /// Claims the next free version number by renaming the complete temporary folder to it. The rename fails when
    /// another writer published that number first (its folder is never empty); then the next number is tried.
    /// </summary>
    private int Publish(string modelDirectory, string temporary, VersionMetadataFile.Document document)
    {
        var name = document.Name!;
        var next = 1;
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var versions = VersionNumbers(name);
            RefuseExhaustedNumbers(name, versions);
            var candidate = Math.Max(next, versions.Count == 0 ? 1 : versions[versions.Count - 1] + 1);
            if (candidate > RegistryNames.HighestVersion)
            {
                RefuseExhaustedNumbers(name, new List<int> { RegistryNames.HighestVersion });
            }

            document.Version = candidate;
            VersionMetadataFile.Write(Path.Combine(temporary, MetadataFileName), document);

            var target = VersionDirectory(name, candidate);
            try
            {
                Directory.Move(temporary, target);
                return candidate;
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another writer took this number between the listing and the rename: try the next one.
                next = candidate + 1;
            }
            catch (IOException) when (File.Exists(target) || FileLinks.IsLink(target))
            {
                // Something that is not a version (a stray file) has this name: it is left alone and its number skipped.
                Trace.TraceWarning("MlopsAnalyzers model registry: '{0}' is not a version folder; version number {1} of model '{2}' is skipped.", target, candidate, name);
                next = candidate + 1;
            }
        }

        throw new ModelRegistryException($"Could not claim a version number for model '{name}' in '{modelDirectory}'.");
    }

    private int ResolveVersion(string name, string versionOrAlias)
    {
        RegistryCore.ValidateVersionOrAlias(name, versionOrAlias);
        if (!Directory.Exists(CheckedModelDirectory(name)))
        {
            throw new ModelNotFoundException($"No model named '{name}' is registered in '{RootDirectory}'.");
        }

        return RegistryCore.Resolve(name, versionOrAlias, VersionNumbers(name), () => ReadAliases(name), RootDirectory, AliasesPath(name));
    }

    private ModelVersion ReadVersion(string name, int version, Dictionary<string, int> aliases)
    {
        var directory = VersionDirectory(name, version);
        return RegistryCore.ToModelVersion(ReadMetadata(directory, name, version), aliases, directory);
    }

    private Dictionary<string, int> ReadAliases(string name)
    {
        var path = AliasesPath(name);
        RefuseLink(path, "The alias file");
        return VersionMetadataFile.ReadAliases(path);
    }

    private static VersionMetadataFile.Document ReadMetadata(string directory, string name, int version)
    {
        var path = Path.Combine(directory, MetadataFileName);
        RefuseLink(path, "The metadata file");
        return VersionMetadataFile.Read(path, name, version);
    }

    /// <summary>
    /// Points the registration's aliases at the version it just published, under the alias lock taken before publishing.
    /// The version is published whatever happens here: an alias file that cannot be written is reported as a warning and
    /// the returned version's <see cref="ModelVersion.Aliases"/> shows what was set, so a retry does not register twice.
    /// </summary>
    private Dictionary<string, int> SetAliasesAfterPublishing(string name, int version, IEnumerable<string> requested, Dictionary<string, int> aliases)
    {
        var updated = new Dictionary<string, int>(aliases, StringComparer.Ordinal);
        foreach (var alias in requested)
        {
            updated[alias] = version;
        }

        try
        {
            VersionMetadataFile.WriteAliases(AliasesPath(name), updated);
            return updated;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Trace.TraceWarning("MlopsAnalyzers model registry: version {0} of model '{1}' is registered, but its aliases ({2}) could not be written: {3}", version, name, string.Join(", ", requested), e.Message);
            return aliases;
        }
    }

    /// <summary>The model folder, after checking that it is not a link.</summary>
    private string CheckedModelDirectory(string name)
    {
        var directory = ModelDirectory(name);
        if (FileLinks.IsLink(directory))
        {
            throw new ModelRegistryException(FileLinks.Refusal(directory, $"The folder of model '{name}'"));
        }

        return directory;
    }

    private string CreateModelDirectory(string name)
    {
        var directory = CheckedModelDirectory(name);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (UnauthorizedAccessException e)
        {
            throw CannotWrite(directory, name, e);
        }

        return directory;
    }

    private ModelRegistryException CannotWrite(string path, string name, Exception e)
        => new($"This process cannot write '{path}' (model '{name}' in the registry at '{RootDirectory}'): {e.Message} Registering and changing aliases need write access to the model's folder.", e);

    /// <summary>Refuses to go on when the highest version number is taken: a further number could not be read back.</summary>
    private void RefuseExhaustedNumbers(string name, List<int> versions)
    {
        if (versions.Count > 0 && versions[versions.Count - 1] >= RegistryNames.HighestVersion)
        {
            throw new ModelRegistryException($"Model '{name}' in '{RootDirectory}' has a version {RegistryNames.HighestVersion}, the highest version number the registry supports, so no later version can be registered. Register under a new model name, or remove the folder '{VersionDirectory(name, RegistryNames.HighestVersion)}' if it is not a real version.");
        }
    }

    private static void RefuseLink(string path, string what)
    {
        if (FileLinks.IsLink(path))
        {
            throw new CorruptModelException(path, FileLinks.Refusal(path, what));
        }
    }

    /// <summary>The published versions of a model, ascending: the folders whose name is a version number.</summary>
    private List<int> VersionNumbers(string name)
    {
        var directory = CheckedModelDirectory(name);
        var versions = new List<int>();
        if (!Directory.Exists(directory))
        {
            return versions;
        }

        foreach (var path in Directory.GetDirectories(directory))
        {
            if (RegistryNames.TryParseVersion(Path.GetFileName(path), out var version))
            {
                RefuseLink(path, $"The folder of version {version} of model '{name}'");
                versions.Add(version);
            }
        }

        versions.Sort();
        return versions;
    }

    private string DescribeVersions(string name) => RegistryCore.DescribeVersions(VersionNumbers(name));

    private byte[] ReadModelFile(string name, int version, out string modelPath)
    {
        var directory = VersionDirectory(name, version);
        var document = ReadMetadata(directory, name, version);
        modelPath = Path.Combine(directory, ModelFileName);
        return ReadVerified(modelPath, document.ModelFile!, $"The model file of version {version} of model '{name}'");
    }

    private static byte[] ReadVerified(string path, VersionMetadataFile.FileEntry entry, string what)
    {
        RefuseLink(path, what);
        if (!File.Exists(path))
        {
            throw new CorruptModelException(path, $"{what} is missing: '{path}'.");
        }

        var bytes = File.ReadAllBytes(path);
        RegistryCore.Verify(bytes, entry, path, what);
        return bytes;
    }

    /// <summary>An exclusive lock on the model's lock file, held by an open handle; the OS releases it if the process dies.</summary>
    private IDisposable AcquireLock(string name)
    {
        var directory = CreateModelDirectory(name);
        var path = Path.Combine(directory, LockFileName);
        if (FileLinks.IsLink(path))
        {
            throw new ModelRegistryException(FileLinks.Refusal(path, $"The lock file of model '{name}'"));
        }

        var clock = Stopwatch.StartNew();
        var random = new Random(Guid.NewGuid().GetHashCode());
        while (true)
        {
            try
            {
                var handle = OpenExclusive(path, FileMode.OpenOrCreate);

                // Only the lock holder writes alias temporaries: any left over is from a crash.
                foreach (var leftover in Directory.GetFiles(directory, ".aliases-*.tmp"))
                {
                    TryDeleteFile(leftover);
                }

                return handle;
            }
            catch (IOException) when (clock.Elapsed < LockTimeout)
            {
                Thread.Sleep(random.Next(5, 25));
            }
            catch (UnauthorizedAccessException e) when (!IsWindows || Directory.Exists(path))
            {
                // Outside Windows access denied means just that (and a folder in the lock's place never goes away):
                // waiting cannot help.
                throw CannotWrite(path, name, e);
            }
            catch (UnauthorizedAccessException) when (clock.Elapsed < LockTimeout)
            {
                // Windows reports a file being deleted or locked this way, too.
                Thread.Sleep(random.Next(5, 25));
            }
            catch (UnauthorizedAccessException e)
            {
                throw CannotWrite(path, name, e);
            }
            catch (IOException e)
            {
                throw new ModelRegistryException($"Timed out after {LockTimeout.TotalSeconds:0} s waiting for the lock '{path}' of model '{name}'.", e);
            }
        }
    }

    /// <summary>
    /// Removes the temporary folders of registrations that will never finish. A writer holds an exclusive lock on
    /// <c>&lt;folder&gt;.lock</c> while it writes, and the operating system releases it when the writer dies, so a folder
    /// whose lock can be taken is stale, whatever process-ID namespace (container) its writer ran in. A folder without
    /// a lock file (left by an earlier version of this library) is stale after a day.
    /// </summary>
    private static void RemoveStaleTemporaryFolders(string modelDirectory)
    {
        foreach (var path in Directory.GetDirectories(modelDirectory, TemporaryPrefix + "*"))
        {
            var lockPath = path + LockFileName;
            if (File.Exists(lockPath) && !FileLinks.IsLink(lockPath))
            {
                if (TryTakeAbandonedLock(lockPath) is { } abandoned)
                {
                    using (abandoned)
                    {
                        TryDeleteDirectory(path);
                    }

                    TryDeleteFile(lockPath);
                }
            }
            else if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(path) > ForeignTemporaryLifetime)
            {
                TryDeleteDirectory(path);
            }
        }

        // A lock file whose folder is gone: its writer died between removing the folder and the lock.
        foreach (var lockPath in Directory.GetFiles(modelDirectory, TemporaryPrefix + "*" + LockFileName))
        {
            var folder = lockPath.Substring(0, lockPath.Length - LockFileName.Length);
            if (!Directory.Exists(folder) && DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > TimeSpan.FromHours(1) && TryTakeAbandonedLock(lockPath) is { } abandoned)
            {
                abandoned.Dispose();
                TryDeleteFile(lockPath);
            }
        }
    }

    private static FileStream? TryTakeAbandonedLock(string lockPath)
    {
        try
        {
            return OpenExclusive(lockPath, FileMode.Open);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static FileStream OpenExclusive(string path, FileMode mode) => new(path, mode, FileAccess.ReadWrite, FileShare.None);

    private static bool IsWindows { get; } = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows);

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
