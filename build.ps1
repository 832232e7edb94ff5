#!/usr/bin/env pwsh
# MLNetDeep build tasks. Usage: dotnet tool restore && dotnet pwsh build.ps1 <task> [extra dotnet arguments]
# Run with no task (or `help`) for the list. README.md ("Build tasks") describes each one.
# Dot-sourcing this file (`. ./build.ps1`) only defines the functions; it runs no task.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$Root = $PSScriptRoot
$RequiredGlibcxx = [version] '3.4.32'
$TrixieAptDir = '/var/lib/mlnetdeep/apt'

$Tasks = [ordered] @{
    help  = 'List the tasks (default).'
    setup = "Native prerequisite: make sure libstdc++.so.6 provides GLIBCXX_$RequiredGlibcxx (TorchSharp needs it)."
    build = 'dotnet build MLNetDeep.sln -c Release.'
    test  = 'setup, then dotnet test MLNetDeep.sln -c Release; fails if no test ran. Extra args go to dotnet test (--filter ...).'
    demo  = 'setup, then run examples/MLNetDeep.Demo.'
    bench = 'setup, then run tests/MLNetDeep.Benchmarks with OMP_WAIT_POLICY=PASSIVE. Sections: overhead, scoring (with serving), serving, quality, guard, checksetup, lrfinder, doctor, soak, search, hardware, tables, loading (none given: all); bigtable (issue 19: GBs of .idv files, long) and architectures (issue 22: candidate defaults against FastTree and LightGBM, about 30 minutes) run only when named. Installs the dataset-fashion-mnist package when missing.'
    pack  = 'dotnet pack src/MLNetDeep, src/MLNetDeep.Scoring, src/MLNetDeep.Plots and the mlnetdeep tool (src/MLNetDeep.Cli) into artifacts/packages.'
}

# Runs a native command, echoing it, and throws when it exits non-zero.
function Invoke-Native([string] $File, [string[]] $Arguments) {
    Write-Host "> $File $($Arguments -join ' ')" -ForegroundColor Cyan
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$File $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

# ---- setup: libstdc++ with GLIBCXX_3.4.32 ----

# The libstdc++.so.6 the dynamic loader would pick: LD_LIBRARY_PATH, then the ldconfig cache, then the usual folders.
function Find-LibStdCxx {
    $arch = if ([Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'Arm64') { 'AArch64' } else { 'x86-64' }
    $ldconfig = Get-Command ldconfig, /sbin/ldconfig, /usr/sbin/ldconfig -CommandType Application -ErrorAction Ignore |
        Select-Object -First 1
    $cached = if ($ldconfig) {
        & $ldconfig.Source -p | ForEach-Object {
            if ($_ -match '^\s*libstdc\+\+\.so\.6 \((.*)\) => (.+)$' -and $Matches[1].Contains($arch)) { $Matches[2].Trim() }
        }
    }
    $folders = '/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/lib64', '/usr/lib', '/lib'
    $candidates = @(($env:LD_LIBRARY_PATH ?? '') -split ':' | Where-Object { $_ } | ForEach-Object { "$_/libstdc++.so.6" }) +
        @($cached) + @($folders | ForEach-Object { "$_/libstdc++.so.6" })
    $candidates | Where-Object { $_ -and (Test-Path -LiteralPath $_ -PathType Leaf) } | Select-Object -First 1
}

# Which GLIBCXX_x.y.z version tags a libstdc++ file contains: Path, Highest (or $null), HasRequired.
function Get-GlibcxxProbe([string] $Path) {
    $text = [Text.Encoding]::Latin1.GetString([IO.File]::ReadAllBytes($Path))
    $versions = @([regex]::Matches($text, 'GLIBCXX_(\d+\.\d+(?:\.\d+)?)') |
        ForEach-Object { [version] $_.Groups[1].Value } | Sort-Object -Unique)
    [pscustomobject] @{
        Path        = $Path
        Highest     = if ($versions.Count) { $versions[-1] } else { $null }
        HasRequired = $versions -contains $RequiredGlibcxx
    }
}

# /etc/os-release as a hashtable (ID, VERSION_ID, ...); empty when the file is missing.
function Read-OsRelease([string] $Path) {
    $os = @{}
    if (Test-Path -LiteralPath $Path -PathType Leaf) {
        foreach ($line in Get-Content -LiteralPath $Path) {
            if ($line -match '^([A-Z_]+)=(.*)$') { $os[$Matches[1]] = $Matches[2].Trim('"', "'") }
        }
    }
    $os
}

function Get-MissingGlibcxxMessage($Probe, [bool] $IsDebian12) {
    $highest = if ($Probe.Highest) { "at most GLIBCXX_$($Probe.Highest)" } else { 'no GLIBCXX version' }
    $todo = if ($IsDebian12) {
        'Run `dotnet pwsh build.ps1 setup` as root: on Debian 12 it installs Debian 13''s libstdc++6 from a private apt source list.'
    } else {
        'Install libstdc++6 from GCC 13 or newer (Debian 13, Ubuntu 24.04 and Fedora 39 or later ship it), then run this again.'
    }
    "$($Probe.Path) provides $highest, but TorchSharp's native library needs GLIBCXX_$RequiredGlibcxx (libstdc++ from GCC 13 or newer). $todo"
}

# Debian 12 only: libstdc++6 from Debian 13 (trixie), through a source list that the system's apt never reads.
function Install-TrixieLibStdCxx {
    New-Item -ItemType Directory -Force -Path "$TrixieAptDir/lists/partial" | Out-Null
    Set-Content -LiteralPath "$TrixieAptDir/trixie.list" -Value 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main'
    $aptOptions = @(
        '-o', "Dir::Etc::SourceList=$TrixieAptDir/trixie.list",
        '-o', 'Dir::Etc::SourceParts=/dev/null',
        '-o', "Dir::State::Lists=$TrixieAptDir/lists")
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get ($aptOptions + 'update')
    Invoke-Native apt-get ($aptOptions + 'install', '-y', '--no-install-recommends', 'libstdc++6')
}

function Invoke-Setup([string] $LibraryPath = '', [string] $OsReleasePath = '/etc/os-release') {
    if (-not $IsLinux) { Write-Host 'setup: nothing to do on Windows or macOS.'; return }
    if (-not $LibraryPath) { $LibraryPath = Find-LibStdCxx }
    if (-not $LibraryPath) {
        throw "libstdc++.so.6 was not found. Install libstdc++6 from GCC 13 or newer (it must provide GLIBCXX_$RequiredGlibcxx)."
    }
    $probe = Get-GlibcxxProbe $LibraryPath
    if ($probe.HasRequired) { Write-Host "setup: $LibraryPath provides GLIBCXX_$RequiredGlibcxx; nothing to do."; return }

    $os = Read-OsRelease $OsReleasePath
    $isDebian12 = $os['ID'] -eq 'debian' -and $os['VERSION_ID'] -eq '12'
    if (-not ($isDebian12 -and [Environment]::IsPrivilegedProcess)) { throw (Get-MissingGlibcxxMessage $probe $isDebian12) }

    Write-Host "setup: $LibraryPath lacks GLIBCXX_$RequiredGlibcxx; installing Debian 13's libstdc++6."
    Install-TrixieLibStdCxx
    $probe = Get-GlibcxxProbe $LibraryPath
    if (-not $probe.HasRequired) {
        throw "Installed Debian 13's libstdc++6, yet $LibraryPath still lacks GLIBCXX_$RequiredGlibcxx (highest: $($probe.Highest)). Check the apt output above."
    }
    Write-Host "setup: $LibraryPath now provides GLIBCXX_$RequiredGlibcxx."
}

# ---- test: count what ran ----

# Sums the TRX counters of every run under $ResultsDir: Total, Executed, Passed, Failed.
function Get-TrxCounts([string] $ResultsDir) {
    $counts = [ordered] @{ Total = 0; Executed = 0; Passed = 0; Failed = 0 }
    foreach ($trx in Get-ChildItem -LiteralPath $ResultsDir -Filter *.trx -Recurse -ErrorAction Ignore) {
        $counters = ([xml] (Get-Content -Raw -LiteralPath $trx.FullName)).TestRun.ResultSummary.Counters
        foreach ($name in @($counts.Keys)) { $counts[$name] += [int] $counters.GetAttribute($name.ToLowerInvariant()) }
    }
    [pscustomobject] $counts
}

function Invoke-Test([string[]] $ExtraArguments) {
    Invoke-Setup
    $env:OMP_WAIT_POLICY = 'PASSIVE'   # libtorch's OpenMP threads sleep instead of spinning between ops
    $resultsDir = Join-Path $Root 'artifacts/test-results'
    Remove-Item -LiteralPath $resultsDir -Recurse -Force -ErrorAction Ignore
    Invoke-Native dotnet (@('test', (Join-Path $Root 'MLNetDeep.sln'), '-c', 'Release',
        '--logger', 'console;verbosity=normal', '--logger', 'trx', '--results-directory', $resultsDir) + $ExtraArguments)
    $counts = Get-TrxCounts $resultsDir
    if ($counts.Executed -eq 0) { throw "No test ran (TRX files under $resultsDir report $($counts.Total) tests, 0 executed). Check the filter and the test discovery." }
    # The closing line in the plain 'N passed, N failed, N skipped' form that CI summaries read.
    Write-Host "test: $($counts.Passed) passed, $($counts.Failed) failed, $($counts.Total - $counts.Executed) skipped"
}

# The benchmarks' Fashion-MNIST: Debian's dataset-fashion-mnist package, installed when missing (as root, like setup).
function Install-FashionMnist {
    if (Test-Path -LiteralPath '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz' -PathType Leaf) { return }
    if (-not (Get-Command apt-get -ErrorAction Ignore)) {
        Write-Warning 'Fashion-MNIST is missing and apt-get is not here: the sections that use it will say so and skip.'
        return
    }
    Invoke-Native apt-get @('update')
    Invoke-Native apt-get @('install', '-y', '--no-install-recommends', 'dataset-fashion-mnist')
}

function Invoke-Task([string] $Task, [string[]] $ExtraArguments) {
    switch ($Task) {
        'help' {
            Write-Host 'Usage: dotnet tool restore && dotnet pwsh build.ps1 <task> [extra dotnet arguments]'
            $Tasks.GetEnumerator() | ForEach-Object { Write-Host ('  {0,-6} {1}' -f $_.Key, $_.Value) }
        }
        'setup' { Invoke-Setup }
        'build' { Invoke-Native dotnet (@('build', (Join-Path $Root 'MLNetDeep.sln'), '-c', 'Release') + $ExtraArguments) }
        'test' { Invoke-Test $ExtraArguments }
        'demo' {
            Invoke-Setup
            Invoke-Native dotnet (@('run', '-c', 'Release', '--project', (Join-Path $Root 'examples/MLNetDeep.Demo')) + $ExtraArguments)
        }
        'bench' {
            Invoke-Setup
            Install-FashionMnist
            $env:OMP_WAIT_POLICY = 'PASSIVE'
            Invoke-Native dotnet (@('run', '-c', 'Release', '--project', (Join-Path $Root 'tests/MLNetDeep.Benchmarks')) + $ExtraArguments)
        }
        'pack' {
            foreach ($project in 'src/MLNetDeep', 'src/MLNetDeep.Scoring', 'src/MLNetDeep.Plots', 'src/MLNetDeep.Cli') {
                Invoke-Native dotnet (@('pack', (Join-Path $Root $project), '-c', 'Release', '-o', (Join-Path $Root 'artifacts/packages')) + $ExtraArguments)
            }
        }
        default { throw "Unknown task '$Task'. Tasks: $($Tasks.Keys -join ', ')." }
    }
}

if ($MyInvocation.InvocationName -eq '.') { return }   # dot-sourced: functions only

# No param() block on purpose: with one, PowerShell binds or rejects tokens such as --filter and -p. Without it they
# reach dotnet as given, except that -p:Name=Value arrives as `-p Name=Value`, which dotnet reads the same way.
$task = if ($args.Count) { [string] $args[0] } else { 'help' }
$extra = @($args | Select-Object -Skip 1 | ForEach-Object { [string] $_ })
try {
    Invoke-Task $task $extra
} catch {
    [Console]::Error.WriteLine("build.ps1 ${task}: $($_.Exception.Message)")
    exit 1
}
