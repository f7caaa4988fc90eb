import { describe, expect, it } from 'vitest';
import { chooseDisplayName, isPlaceholderName, realName, tidyName, tidyPlace, tidyState } from '../../shared/calls/callerName';
import { normaliseNotification } from '../../shared/marketingEdge/normalise';
import { SAMPLE_CALLER, startNotification } from '../support/payloads';

describe('isPlaceholderName', () => {
  it.each([
    'WIRELESS CALLER',
    'ONTARIO CALLER',
    'Ontario Caller',
    'ON CALLER',
    'QUEBEC CALLER',
    'BRITISH COLUMBIA CALLER',
    'MICHIGAN CALLER',
    'NEW YORK CALLER',
    'TOLL FREE CALL',
    'TOLL FREE CALLER',
    'PRIVATE CALLER',
    'Private',
    'PRIVATE NUMBER',
    'UNKNOWN',
    'unknown caller',
    'UNAVAILABLE',
    'NAME UNAVAILABLE',
    'ANONYMOUS',
    'RESTRICTED',
    'BLOCKED',
    'NO CALLER ID',
    'OUT OF AREA',
    'CELL PHONE',
    'SCAM LIKELY',
    'CELLULAR CALLER',
    'CENTURYLINK CALLER',
  ])('%s is a generic text', (text) => expect(isPlaceholderName(text)).toBe(true));

  it.each([
    'ROGERS WIRELESS',
    'Rogers Wireless',
    'BELL MOBILITY',
    'TELUS MOBILITY',
    'TELUS',
    'FIDO',
    'KOODO',
    'VIRGIN MOBILE',
    'FREEDOM MOBILE',
    'VERIZON WIRELESS',
    'T-MOBILE',
    'AT&T WIRELESS',
    'SPRINT PCS',
    'CRICKET',
    'CRICKET WIRELESS',
    'METRO PCS',
    'U.S. CELLULAR',
    'GOOGLE VOICE',
  ])('%s is a carrier', (text) => expect(isPlaceholderName(text)).toBe(true));

  it.each(['9055802958', '+1 (905) 580-2958', '---', '  ', '.'])('%j has no letters', (text) => expect(isPlaceholderName(text)).toBe(true));

  it.each([
    'HAMILTON ON',
    'TORONTO ON',
    'TORONTO, ON',
    'Toronto, ON',
    'LANSING MI',
    'ST. CATHARINES ON',
    'NIAGARA FALLS NY',
    'HAMILTON ONTARIO',
    'SAULT STE MARIE ON',
    'ONTARIO',
    'CA',
  ])('%s is a place', (text) => expect(isPlaceholderName(text)).toBe(true));

  it("knows the call's own city alone, and a region that is also a name only with the call's city", () => {
    expect(isPlaceholderName('HAMILTON', { city: 'Hamilton', state: 'ON' })).toBe(true);
    expect(isPlaceholderName('HAMILTON')).toBe(false);
    expect(isPlaceholderName('SMITH AL')).toBe(false);
    expect(isPlaceholderName('MOBILE AL', { city: 'MOBILE', state: 'AL' })).toBe(true);
    expect(isPlaceholderName('SMITH AL', { city: 'Birmingham', state: 'AL' })).toBe(false);
    expect(isPlaceholderName('SEATTLE WASHINGTON', { city: 'Seattle', state: 'WA' })).toBe(true);
    expect(isPlaceholderName('SEATTLE WA')).toBe(true);
  });

  it.each([
    'John Smith',
    'SMITH JOHN',
    'Jane Caller',
    'ACME PLUMBING',
    'DUBOIS M',
    'OKONKWO ADAEZE',
    'ROGERS',
    'BELL',
    'Priya Patel',
    'KIM IN',
    "O'BRIEN MARY",
  ])('%s is a name', (text) => expect(isPlaceholderName(text)).toBe(false));

  it("drops a caller ID that is the call's own city and province when the Call Start is read", () => {
    const start = startNotification({ ...SAMPLE_CALLER, callerName: 'HAMILTON ON', city: 'HAMILTON', state: 'ON' });
    expect(normaliseNotification(start as never, null).callerName).toBeNull();
    const named = startNotification({ ...SAMPLE_CALLER, callerName: 'PATEL PRIYA', city: 'HAMILTON', state: 'ON' });
    expect(normaliseNotification(named as never, null).callerName).toBe('PATEL PRIYA');
  });
});

describe('tidyName', () => {
  it.each([
    ['OKONKWO ADAEZE', 'Okonkwo Adaeze'],
    ['DUBOIS M', 'Dubois M'],
    ["mary o'brien", "Mary O'Brien"],
    ["O'BRIEN MARY", "O'Brien Mary"],
    ['D’ANGELO', 'D’Angelo'],
    ['MCLEOD', 'McLeod'],
    ['MCDONALD RONALD', 'McDonald Ronald'],
    ['MACDONALD', 'MacDonald'],
    ['MACKENZIE', 'MacKenzie'],
    ['MACK', 'Mack'],
    ['MACE', 'Mace'],
    ['MACY JOHN', 'Macy John'],
    ['JEAN-LUC PICARD', 'Jean-Luc Picard'],
    ['smith-jones anne', 'Smith-Jones Anne'],
    ['LUDWIG VAN BEETHOVEN', 'Ludwig van Beethoven'],
    ['JOHANNES VAN DER BERG', 'Johannes van der Berg'],
    ['VAN DYKE DICK', 'Van Dyke Dick'],
    ['MARIA DE LA CRUZ', 'Maria de la Cruz'],
    ['ANNE LE BLANC', 'Anne Le Blanc'],
    ['ANA DA SILVA', 'Ana da Silva'],
    ['OTTO VON BISMARCK', 'Otto von Bismarck'],
    ['SMITH JR', 'Smith Jr'],
    ['JOHN SMITH JR.', 'John Smith Jr.'],
    ['HENRY FORD III', 'Henry Ford III'],
    ['ACME PLUMBING LLC', 'Acme Plumbing LLC'],
    ["JOHN'S PLUMBING", "John's Plumbing"],
    ['JÉRÔME CÔTÉ', 'Jérôme Côté'],
    ['  PATEL    PRIYA  ', 'Patel Priya'],
  ])('%j → %j', (raw, tidied) => expect(tidyName(raw)).toBe(tidied));

  it('keeps mixed case as typed, with whitespace collapsed', () => {
    expect(tidyName('Priya  Patel')).toBe('Priya Patel');
    expect(tidyName('DeShawn McKAY')).toBe('DeShawn McKAY');
    expect(tidyName('iPhone user')).toBe('iPhone user');
  });
});

describe('realName', () => {
  it('is null for nothing and for placeholders, else the tidied name', () => {
    expect(realName(null)).toBeNull();
    expect(realName(undefined)).toBeNull();
    expect(realName('   ')).toBeNull();
    expect(realName('ONTARIO CALLER')).toBeNull();
    expect(realName('TORONTO', { city: 'Toronto', state: 'ON' })).toBeNull();
    expect(realName(' PATEL  PRIYA ')).toBe('Patel Priya');
  });
});

describe('tidyPlace and tidyState', () => {
  it.each([
    ['TORONTO', 'Toronto'],
    ['toronto', 'Toronto'],
    ['ST. CATHARINES', 'St. Catharines'],
    ['NIAGARA-ON-THE-LAKE', 'Niagara-on-the-Lake'],
    ['RIVIÈRE-DU-LOUP', 'Rivière-du-Loup'],
    ['SAINT-JEAN-SUR-RICHELIEU', 'Saint-Jean-sur-Richelieu'],
    ['LAKE OF THE WOODS', 'Lake of the Woods'],
    ['FORT MCMURRAY', 'Fort McMurray'],
    ['SAULT STE. MARIE', 'Sault Ste. Marie'],
    ['  NEW   YORK ', 'New York'],
    ['Toronto', 'Toronto'],
    ['DeKalb', 'DeKalb'],
  ])('%j → %j', (raw, tidied) => expect(tidyPlace(raw)).toBe(tidied));

  it('leaves nothing as nothing, writes codes in capitals and names like places', () => {
    expect(tidyPlace(null)).toBeNull();
    expect(tidyPlace('  ')).toBeNull();
    expect(tidyState('on')).toBe('ON');
    expect(tidyState(' MI ')).toBe('MI');
    expect(tidyState('ONTARIO')).toBe('Ontario');
    expect(tidyState('BRITISH COLUMBIA')).toBe('British Columbia');
    expect(tidyState(null)).toBeNull();
  });
});

describe('chooseDisplayName', () => {
  const nothing = { contactName: null, lookedUpName: null, earlierName: null, callerIdName: null, callerNumber: null };

  it('goes contact, then this call’s lookup, then an earlier call’s name, then the caller ID, then the number', () => {
    const all = {
      contactName: 'Priya (Dr. Lee’s mom)',
      lookedUpName: 'PATEL PRIYA',
      earlierName: 'Priya Patel',
      callerIdName: 'P PATEL',
      callerNumber: '9055802958',
    };
    expect(chooseDisplayName(all)).toEqual({ displayName: 'Priya (Dr. Lee’s mom)', nameSource: 'contact' });
    expect(chooseDisplayName({ ...all, contactName: null })).toEqual({ displayName: 'Patel Priya', nameSource: 'vendor' });
    expect(chooseDisplayName({ ...all, contactName: null, lookedUpName: null })).toEqual({ displayName: 'Priya Patel', nameSource: 'vendor' });
    expect(chooseDisplayName({ ...all, contactName: null, lookedUpName: null, earlierName: null })).toEqual({
      displayName: 'P Patel',
      nameSource: 'caller-id',
    });
    expect(chooseDisplayName({ ...nothing, callerNumber: '9055802958' })).toEqual({ displayName: '(905) 580-2958', nameSource: 'number' });
    expect(chooseDisplayName(nothing)).toEqual({ displayName: 'Unknown caller', nameSource: 'none' });
  });

  it('never shows a placeholder that slipped into storage, nor an empty contact name', () => {
    const placeholders = {
      contactName: '  ',
      lookedUpName: 'ONTARIO CALLER',
      earlierName: 'ROGERS WIRELESS',
      callerIdName: 'HAMILTON ON',
      callerNumber: '9055802958',
    };
    expect(chooseDisplayName(placeholders)).toEqual({ displayName: '(905) 580-2958', nameSource: 'number' });
    expect(chooseDisplayName({ ...placeholders, earlierName: 'PATEL PRIYA' })).toEqual({ displayName: 'Patel Priya', nameSource: 'vendor' });
  });

  it('keeps a contact name as staff typed it, spaces collapsed', () => {
    expect(chooseDisplayName({ ...nothing, contactName: ' Bell  Canada (supplier) ' }).displayName).toBe('Bell Canada (supplier)');
  });
});
